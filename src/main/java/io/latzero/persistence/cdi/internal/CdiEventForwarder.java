package io.latzero.persistence.cdi.internal;

import io.latzero.persistence.PersistenceManager;
import io.latzero.persistence.cdi.FromOtherWriters;
import io.latzero.persistence.change.Change;
import io.latzero.persistence.event.PersistenceEvent;
import jakarta.enterprise.inject.spi.BeanManager;
import java.lang.System.Logger.Level;

/**
 * Fires the events of a {@link PersistenceManager} as CDI events. It listens through
 * {@link PersistenceManager#on}, so it inherits that delivery's guarantees: after commit only, once per committed
 * change, in commit order. Synchronous and asynchronous observers are separate listeners, so a synchronous
 * observer that throws does not keep the asynchronous ones from being notified. Changes by other writers of the
 * database are fired as {@link Change} events qualified {@link FromOtherWriters}, on the change feed's thread.
 */
public final class CdiEventForwarder {
    private static final System.Logger LOG = System.getLogger(CdiEventForwarder.class.getName());

    private CdiEventForwarder() {
    }

    public static void forward(PersistenceManager persistence, BeanManager beanManager) {
        persistence.on(PersistenceEvent.class, event -> beanManager.getEvent().fire(event));
        persistence.on(PersistenceEvent.class, event -> beanManager.getEvent().fireAsync(event)
                .exceptionally(failure -> {
                    LOG.log(Level.WARNING, "An asynchronous observer of " + event.getClass().getSimpleName()
                            + " threw; ignored (the event is not logged: it carries application data)", failure);
                    return null;
                }));
        persistence.changes().watchOthers(change -> beanManager.getEvent()
                .select(Change.class, FromOtherWriters.Literal.INSTANCE).fire(change));
    }
}
