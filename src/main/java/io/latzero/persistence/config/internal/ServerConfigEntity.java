package io.latzero.persistence.config.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A row of {@code server_config}: a key and its JSON value. */
@Entity
@Table(name = "server_config")
public class ServerConfigEntity {
    @Id
    @Column(name = "key")
    private String key;

    @Column(name = "value")
    private String value;

    @Column(name = "updated")
    private Long updated;

    /** For JPA only. */
    protected ServerConfigEntity() {
    }

    public ServerConfigEntity(String key, String json, long now) {
        this.key = key;
        this.value = json;
        this.updated = now;
    }

    public void replace(String json, long now) {
        this.value = json;
        this.updated = now;
    }

    public String json() {
        return value;
    }
}
