package io.latzero.persistence.app.internal;

import io.latzero.persistence.event.AppRegistered;
import io.latzero.persistence.event.AppRemoved;
import io.latzero.persistence.event.AppUpdated;
import io.latzero.persistence.event.internal.EventCollector;
import jakarta.persistence.PostPersist;
import jakarta.persistence.PostRemove;
import jakarta.persistence.PostUpdate;

/** Turns flushed changes of {@link AppEntity} into events, held until the transaction commits. */
public class AppEntityListener {
    @PostPersist
    void registered(AppEntity app) {
        EventCollector.collect(new AppRegistered(app.appId(), app.toApp()));
    }

    @PostUpdate
    void updated(AppEntity app) {
        EventCollector.collect(new AppUpdated(app.appId(), app.toApp(), app.appliedUpdate()));
    }

    @PostRemove
    void removed(AppEntity app) {
        EventCollector.collect(new AppRemoved(app.appId()));
    }
}
