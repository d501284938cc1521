package io.latzero.persistence.cdi;

import jakarta.persistence.Entity;
import jakarta.persistence.EntityListeners;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An extension entity whose listener is given its dependencies by CDI, through Hibernate's bean manager. */
@Entity
@Table(name = "cdi_audited_notes")
@EntityListeners(AuditedNoteListener.class)
public class AuditedNote {
    static final String DDL = "CREATE TABLE IF NOT EXISTS cdi_audited_notes (id TEXT PRIMARY KEY)";

    @Id
    private String id;

    /** For JPA only. */
    protected AuditedNote() {
    }

    AuditedNote(String id) {
        this.id = id;
    }

    String id() {
        return id;
    }
}
