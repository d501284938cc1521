package io.latzero.persistence.event.internal;

import io.latzero.persistence.event.PersistenceEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Where entity lifecycle listeners put the events of the transaction running on their thread. A transaction
 * opens a buffer before its work and takes it back after commit; events of a rolled-back transaction are
 * dropped with their buffer. Listeners are instantiated by JPA (or CDI), so the buffer is found by thread.
 */
public final class EventCollector {
    private static final ThreadLocal<Deque<List<PersistenceEvent>>> BUFFERS = ThreadLocal.withInitial(ArrayDeque::new);

    private EventCollector() {
    }

    /** Opens a buffer for a transaction starting on this thread. */
    public static List<PersistenceEvent> open() {
        List<PersistenceEvent> buffer = new ArrayList<>();
        BUFFERS.get().push(buffer);
        return buffer;
    }

    /** Closes the given buffer, which must be this thread's innermost. */
    public static void close(List<PersistenceEvent> buffer) {
        Deque<List<PersistenceEvent>> stack = BUFFERS.get();
        stack.remove(buffer);
        if (stack.isEmpty()) {
            BUFFERS.remove();
        }
    }

    /** Records an event of a change just flushed; a change made outside any library transaction has no listener. */
    public static void collect(PersistenceEvent event) {
        List<PersistenceEvent> buffer = BUFFERS.get().peek();
        if (buffer != null) {
            buffer.add(event);
        }
    }

    /** How many events this thread's transaction has collected so far (0 outside a library transaction). */
    public static int collected() {
        List<PersistenceEvent> buffer = BUFFERS.get().peek();
        return buffer == null ? 0 : buffer.size();
    }

    /** Drops the events this thread's transaction collected after the first {@code kept} (see {@link #collected()}). */
    public static void keepFirst(int kept) {
        List<PersistenceEvent> buffer = BUFFERS.get().peek();
        if (buffer != null) {
            buffer.subList(kept, buffer.size()).clear();
        }
    }
}
