package io.latzero.persistence.jakartaee.app;

import io.latzero.persistence.PersistenceManager;
import io.latzero.persistence.event.AppRegistered;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An {@code @Observes} and an {@code @ObservesAsync} observer of {@link AppRegistered}, each recording one line
 * per event: which observer, the app, whether the app was already committed (readable) and, for the synchronous
 * one, whether it still ran inside the transaction.
 */
@ApplicationScoped
public class ObservedEvents {
    @Inject
    PersistenceManager persistence;

    private final List<String> lines = new CopyOnWriteArrayList<>();

    void onAppRegistered(@Observes AppRegistered event) {
        lines.add("sync " + event.appId() + " committed=" + committed(event) + " inTransaction=" + inTransaction());
    }

    void onAppRegisteredAsync(@ObservesAsync AppRegistered event) {
        lines.add("async " + event.appId() + " committed=" + committed(event));
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    private boolean committed(AppRegistered event) {
        return persistence.getApp(event.appId()).isPresent();
    }

    private boolean inTransaction() {
        try {
            persistence.entityManager();
            return true;
        } catch (IllegalStateException outsideTransaction) {
            return false;
        }
    }
}
