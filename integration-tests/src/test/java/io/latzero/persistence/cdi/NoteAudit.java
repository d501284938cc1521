package io.latzero.persistence.cdi;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A bean that {@link AuditedNoteListener} gets injected. */
@ApplicationScoped
public class NoteAudit {
    private final List<String> persisted = new CopyOnWriteArrayList<>();

    void record(String id) {
        persisted.add(id);
    }

    List<String> persisted() {
        return List.copyOf(persisted);
    }
}
