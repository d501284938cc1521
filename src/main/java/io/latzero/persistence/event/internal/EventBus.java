package io.latzero.persistence.event.internal;

import io.latzero.persistence.event.PersistenceEvent;
import io.latzero.persistence.event.Subscription;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Delivers committed events to listeners, in commit order across threads. A committing transaction reserves a
 * ticket while it still holds the write lock, then delivers after releasing it; delivery waits for every
 * earlier ticket. A listener that writes through the library has its own events queued behind the ones being
 * delivered on its thread, so it never waits for itself. A listener that throws is logged and skipped.
 */
public final class EventBus {
    private static final System.Logger LOG = System.getLogger(EventBus.class.getName());

    private final List<Listener<?>> listeners = new CopyOnWriteArrayList<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition turn = lock.newCondition();
    private final ThreadLocal<Deque<Batch>> deferred = new ThreadLocal<>();
    private long issued;
    private long delivered;

    public <E> Subscription subscribe(Class<E> type, Consumer<? super E> consumer) {
        Listener<E> listener = new Listener<>(Objects.requireNonNull(type, "type"), Objects.requireNonNull(consumer, "listener"));
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Reserves the next place in delivery order; call while holding the lock that orders commits. */
    public long reserve() {
        lock.lock();
        try {
            return ++issued;
        } finally {
            lock.unlock();
        }
    }

    /** Delivers the events of a reserved ticket once every earlier ticket is delivered. Always call it once per ticket. */
    public void deliver(long ticket, List<PersistenceEvent> events) {
        Deque<Batch> queue = deferred.get();
        if (queue != null) {
            queue.add(new Batch(ticket, List.copyOf(events)));
            return;
        }
        queue = new ArrayDeque<>();
        deferred.set(queue);
        try {
            deliverInTurn(new Batch(ticket, events));
            for (Batch next; (next = queue.poll()) != null; ) {
                deliverInTurn(next);
            }
        } finally {
            deferred.remove();
        }
    }

    /** Reserves and delivers at once, for events that belong to no transaction (a finished backup). */
    public void publish(PersistenceEvent event) {
        deliver(reserve(), List.of(event));
    }

    private void deliverInTurn(Batch batch) {
        lock.lock();
        try {
            while (delivered != batch.ticket - 1) {
                turn.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
        try {
            batch.events.forEach(this::notifyListeners);
        } finally {
            lock.lock();
            try {
                delivered = batch.ticket;
                turn.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    private void notifyListeners(PersistenceEvent event) {
        for (Listener<?> listener : listeners) {
            listener.accept(event);
        }
    }

    private record Batch(long ticket, List<PersistenceEvent> events) {
    }

    /**
     * One subscription. Equal only to itself: the same consumer may be subscribed twice, and closing one
     * subscription must not remove the other.
     */
    private static final class Listener<E> {
        private final Class<E> type;
        private final Consumer<? super E> consumer;

        Listener(Class<E> type, Consumer<? super E> consumer) {
            this.type = type;
            this.consumer = consumer;
        }

        void accept(Object event) {
            if (!type.isInstance(event)) {
                return;
            }
            try {
                consumer.accept(type.cast(event));
            } catch (RuntimeException | Error e) {
                if (e instanceof VirtualMachineError) {
                    throw e;
                }
                LOG.log(Level.WARNING, "Listener for " + type.getSimpleName() + " threw on "
                        + event.getClass().getSimpleName() + "; ignored (the event is not logged: it carries"
                        + " application data)", e);
            }
        }
    }
}
