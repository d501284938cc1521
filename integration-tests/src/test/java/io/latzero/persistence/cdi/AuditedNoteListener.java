package io.latzero.persistence.cdi;

import jakarta.inject.Inject;
import jakarta.persistence.PostPersist;

/** Not a bean itself: Hibernate asks the container to create it, which injects {@link NoteAudit}. */
public class AuditedNoteListener {
    @Inject
    NoteAudit audit;

    @PostPersist
    void persisted(AuditedNote note) {
        audit.record(note.id());
    }
}
