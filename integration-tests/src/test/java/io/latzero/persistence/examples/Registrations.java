package io.latzero.persistence.examples;

import io.latzero.persistence.PersistenceManager;
import io.latzero.persistence.app.App;
import io.latzero.persistence.event.AppRegistered;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** docs/jakarta-ee.md, "CDI: injection and events": inject the manager, write through it, observe its events. */
@ApplicationScoped
public class Registrations {
    @Inject
    PersistenceManager persistence;

    private final List<String> registered = new CopyOnWriteArrayList<>();

    public App register(String appId) {
        return persistence.registerApp(appId, List.of("process-data"), List.of("data-pool"), Map.of("version", "1.0.0"));
    }

    /** Called after the registration commits; never for a rolled-back one. */
    void onAppRegistered(@Observes AppRegistered event) {
        registered.add(event.appId());
    }

    public List<String> registered() {
        return List.copyOf(registered);
    }
}
