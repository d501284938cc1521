package io.latzero.persistence.examples.notes;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.Objects;

/** docs/extensions.md, "Writing an extension": an extension's own entity in LatZero's durable persistence unit. */
@Entity
@Table(name = "ext_notes")
public class Note {
    /** The extension's table; creating it is the extension's job, not LatZero's. */
    public static final String DDL = "CREATE TABLE IF NOT EXISTS ext_notes ("
            + "id TEXT PRIMARY KEY, app_id TEXT NOT NULL, text TEXT NOT NULL)";

    @Id
    private String id;

    @Column(name = "app_id", nullable = false)
    private String appId;

    @Column(nullable = false)
    private String text;

    /** For JPA only. */
    protected Note() {
    }

    public Note(String id, String appId, String text) {
        this.id = Objects.requireNonNull(id, "id");
        this.appId = Objects.requireNonNull(appId, "appId");
        this.text = Objects.requireNonNull(text, "text");
    }

    public String id() {
        return id;
    }

    public String appId() {
        return appId;
    }

    public String text() {
        return text;
    }
}
