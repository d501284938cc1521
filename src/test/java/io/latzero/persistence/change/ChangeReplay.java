package io.latzero.persistence.change;

import io.latzero.persistence.app.App;
import io.latzero.persistence.block.MemoryBlock;
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
import io.latzero.persistence.event.ServerConfigRemoved;
import io.latzero.persistence.event.ServerConfigSaved;
import io.latzero.persistence.pool.Pool;
import java.util.Map;
import java.util.TreeMap;

/** The state a sequence of changes builds from an empty store, for tests that replay a feed. */
public final class ChangeReplay {
    public final Map<String, App> apps = new TreeMap<>();
    public final Map<String, Pool> pools = new TreeMap<>();
    public final Map<String, MemoryBlock> blocks = new TreeMap<>();
    public final Map<String, Object> config = new TreeMap<>();

    /** Applies one change: the record takes the change's new state, or is gone. */
    public void apply(Change change) {
        PersistenceEvent e = change.event();
        if (e instanceof AppRegistered r) {
            apps.put(r.appId(), r.app());
        } else if (e instanceof AppUpdated u) {
            apps.put(u.appId(), u.app());
        } else if (e instanceof AppRemoved r) {
            apps.remove(r.appId());
        } else if (e instanceof PoolCreated c) {
            pools.put(c.name(), c.pool());
        } else if (e instanceof PoolUpdated u) {
            pools.put(u.name(), u.pool());
        } else if (e instanceof PoolRemoved r) {
            pools.remove(r.name());
        } else if (e instanceof MemoryBlockCreated c) {
            blocks.put(c.blockId(), c.block());
        } else if (e instanceof MemoryBlockUpdated u) {
            blocks.put(u.blockId(), u.block());
        } else if (e instanceof MemoryBlockRemoved r) {
            blocks.remove(r.blockId());
        } else if (e instanceof ServerConfigSaved s) {
            config.put(s.key(), s.value());
        } else if (e instanceof ServerConfigRemoved r) {
            config.remove(r.key());
        }
    }
}
