package io.latzero.persistence.cdi;

import io.latzero.persistence.PersistenceManager;
import io.latzero.persistence.change.Change;
import io.latzero.persistence.event.AppRegistered;
import io.latzero.persistence.event.PersistenceEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

/** Observers of {@link WeldSeIT}: what each kind of observer saw, and what the database held when it did. */
@ApplicationScoped
public class RecordingObservers {
    @Inject
    PersistenceManager persistence;

    private final List<PersistenceEvent> sync = new CopyOnWriteArrayList<>();
    private final BlockingQueue<PersistenceEvent> async = new LinkedBlockingQueue<>();
    private final List<String> committedWhenObserved = new CopyOnWriteArrayList<>();
    private final List<String> insideTransactionWhenObserved = new CopyOnWriteArrayList<>();
    private final BlockingQueue<Change> fromOtherWriters = new LinkedBlockingQueue<>();

    // Accessors, not fields: callers hold a client proxy, whose own fields are not this instance's.
    List<PersistenceEvent> sync() {
        return List.copyOf(sync);
    }

    BlockingQueue<PersistenceEvent> async() {
        return async;
    }

    List<String> committedWhenObserved() {
        return List.copyOf(committedWhenObserved);
    }

    List<String> insideTransactionWhenObserved() {
        return List.copyOf(insideTransactionWhenObserved);
    }

    BlockingQueue<Change> fromOtherWriters() {
        return fromOtherWriters;
    }

    void onOtherWriter(@Observes @FromOtherWriters Change change) {
        fromOtherWriters.add(change);
    }

    void onEvent(@Observes PersistenceEvent event) {
        sync.add(event);
    }

    void onAppRegistered(@Observes AppRegistered event) {
        if (persistence.getApp(event.appId()).isPresent()) {
            committedWhenObserved.add(event.appId());
        }
        try {
            persistence.entityManager();
            insideTransactionWhenObserved.add(event.appId());
        } catch (IllegalStateException outsideTransaction) {
            // Expected: observers run after the commit, outside the transaction.
        }
    }

    void onEventAsync(@ObservesAsync PersistenceEvent event) {
        async.add(event);
    }

    /** Throws for apps whose id starts with {@code explode}, to show that it cannot undo or break the write. */
    void explode(@Observes AppRegistered event) {
        if (event.appId().startsWith("explode")) {
            throw new IllegalStateException("observer failure for " + event.appId());
        }
    }

    /** The same for an asynchronous observer: the other asynchronous observers are still notified. */
    void explodeAsync(@ObservesAsync AppRegistered event) {
        if (event.appId().startsWith("explode")) {
            throw new IllegalStateException("asynchronous observer failure for " + event.appId());
        }
    }
}
