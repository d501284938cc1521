package io.latzero.persistence.event;

import java.nio.file.Path;

/** A backup finished and verified at {@code path}. */
public record BackupCreated(Path path) implements PersistenceEvent {
}
