package io.latzero.persistence.contract;

import io.latzero.persistence.change.Change;
import io.latzero.persistence.event.AppRegistered;
import io.latzero.persistence.event.AppUpdated;
import io.latzero.persistence.event.MemoryBlockCreated;
import io.latzero.persistence.event.MemoryBlockUpdated;
import io.latzero.persistence.event.PersistenceEvent;
import io.latzero.persistence.event.PoolCreated;
import io.latzero.persistence.event.PoolUpdated;
import io.latzero.persistence.event.ServerConfigSaved;

/**
 * One delivered change as a line a child JVM prints and its parent compares: {@code R <revision> <type> <key>
 * <hash of the new state> .} (the final dot marks a line written whole; a line cut by SIGKILL lacks it).
 */
final class FeedLines {
    private FeedLines() {
    }

    static String line(Change change) {
        PersistenceEvent e = change.event();
        return "R " + change.revision() + " " + e.getClass().getSimpleName() + " " + key(e) + " " + stateHash(e) + " .";
    }

    /** The revision of a whole {@code R} line, or -1 for any other (or cut) line. */
    static long revision(String line) {
        String[] parts = line.split(" ");
        return parts.length == 6 && parts[0].equals("R") && parts[5].equals(".") ? Long.parseLong(parts[1]) : -1;
    }

    static String key(PersistenceEvent e) {
        String s = e.toString();
        return s.substring(s.indexOf('=') + 1, s.indexOf(',') > 0 ? s.indexOf(',') : s.indexOf(']'));
    }

    /**
     * The new state (the applied update left out: only the writing server knows it). A server-config value is not
     * logged and reads as it is when the change is read, so it differs between watchers: only the key counts.
     */
    static int stateHash(PersistenceEvent e) {
        Object state;
        if (e instanceof AppRegistered r) {
            state = r.app();
        } else if (e instanceof AppUpdated u) {
            state = u.app();
        } else if (e instanceof PoolCreated c) {
            state = c.pool();
        } else if (e instanceof PoolUpdated u) {
            state = u.pool();
        } else if (e instanceof MemoryBlockCreated c) {
            state = c.block();
        } else if (e instanceof MemoryBlockUpdated u) {
            state = u.block();
        } else if (e instanceof ServerConfigSaved) {
            state = "saved";
        } else {
            state = "removed";
        }
        return state.toString().hashCode();
    }
}
