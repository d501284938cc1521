package io.latzero.persistence.change.internal;

import io.latzero.persistence.event.AppRegistered;
import io.latzero.persistence.event.AppRemoved;
import io.latzero.persistence.event.AppUpdated;
import io.latzero.persistence.event.MemoryBlockCreated;
import io.latzero.persistence.event.MemoryBlockRemoved;
import io.latzero.persistence.event.MemoryBlockUpdated;
import io.latzero.persistence.event.PersistenceEvent;
import io.latzero.persistence.event.PoolCreated;
import io.latzero.persistence.event.PoolRemoved;
import io.latzero.persistence.event.PoolUpdated;

/** Which log row an event of this library's own transaction stands for, and the event with its revision. */
final class Revisions {
    private Revisions() {
    }

    /** The {@code entity}, key and {@code op} of the log row an event reports, or null for no durable change. */
    static String[] logged(PersistenceEvent event) {
        if (event instanceof AppRegistered e) {
            return new String[] {"app", e.appId(), "insert"};
        } else if (event instanceof AppUpdated e) {
            return new String[] {"app", e.appId(), "update"};
        } else if (event instanceof AppRemoved e) {
            return new String[] {"app", e.appId(), "delete"};
        } else if (event instanceof PoolCreated e) {
            return new String[] {"pool", e.name(), "insert"};
        } else if (event instanceof PoolUpdated e) {
            return new String[] {"pool", e.name(), "update"};
        } else if (event instanceof PoolRemoved e) {
            return new String[] {"pool", e.name(), "delete"};
        } else if (event instanceof MemoryBlockCreated e) {
            return new String[] {"block", e.blockId(), "insert"};
        } else if (event instanceof MemoryBlockUpdated e) {
            return new String[] {"block", e.blockId(), "update"};
        } else if (event instanceof MemoryBlockRemoved e) {
            return new String[] {"block", e.blockId(), "delete"};
        }
        return null;
    }

    static PersistenceEvent withRevision(PersistenceEvent event, long revision) {
        if (event instanceof AppRegistered e) {
            return new AppRegistered(e.appId(), e.app(), revision);
        } else if (event instanceof AppUpdated e) {
            return new AppUpdated(e.appId(), e.app(), e.update(), revision);
        } else if (event instanceof AppRemoved e) {
            return new AppRemoved(e.appId(), revision);
        } else if (event instanceof PoolCreated e) {
            return new PoolCreated(e.name(), e.pool(), revision);
        } else if (event instanceof PoolUpdated e) {
            return new PoolUpdated(e.name(), e.pool(), e.update(), revision);
        } else if (event instanceof PoolRemoved e) {
            return new PoolRemoved(e.name(), revision);
        } else if (event instanceof MemoryBlockCreated e) {
            return new MemoryBlockCreated(e.blockId(), e.block(), revision);
        } else if (event instanceof MemoryBlockUpdated e) {
            return new MemoryBlockUpdated(e.blockId(), e.block(), e.update(), revision);
        } else if (event instanceof MemoryBlockRemoved e) {
            return new MemoryBlockRemoved(e.blockId(), revision);
        }
        return event;
    }
}
