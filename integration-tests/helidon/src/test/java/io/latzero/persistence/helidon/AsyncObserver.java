package io.latzero.persistence.helidon;

import io.latzero.persistence.event.PersistenceEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/** Collects what asynchronous observers receive on Helidon. */
@ApplicationScoped
public class AsyncObserver {
    private final BlockingQueue<PersistenceEvent> received = new LinkedBlockingQueue<>();

    void onEvent(@ObservesAsync PersistenceEvent event) {
        received.add(event);
    }

    BlockingQueue<PersistenceEvent> received() {
        return received;
    }
}
