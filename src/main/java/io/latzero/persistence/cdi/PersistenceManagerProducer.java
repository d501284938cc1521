package io.latzero.persistence.cdi;

import io.latzero.persistence.PersistenceConfig;
import io.latzero.persistence.PersistenceManager;
import io.latzero.persistence.cdi.internal.CdiEventForwarder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.Typed;
import jakarta.enterprise.inject.spi.BeanManager;
import java.util.Map;

/**
 * Makes the application's {@link PersistenceManager} a CDI bean, so applications just
 * {@code @Inject PersistenceManager}. The manager is configured from MicroProfile Config
 * ({@link PersistenceConfig#fromConfig()}, keys {@code latzero.persistence.*}), initialized when the container
 * starts (a bad configuration or an unusable database fails the deployment) and shut down when it stops.
 *
 * <p>Hibernate gets the container's {@link BeanManager} ({@code jakarta.persistence.bean.manager}), so entity
 * listeners and converters of extension entities can use injection. Every committed change is also fired as a
 * CDI event, after its transaction commits and in commit order: {@code void on(@Observes AppRegistered e)} is
 * called on the committing thread, {@code void on(@ObservesAsync AppRegistered e)} on the container's executor.
 * A rolled-back transaction fires nothing; an observer that throws is logged and does not undo the write.
 * Changes committed by other servers or tools sharing the database come as
 * {@code void on(@Observes @FromOtherWriters Change change)}, with their origin.
 */
@ApplicationScoped
public class PersistenceManagerProducer {
    private static final String BEAN_MANAGER = "jakarta.persistence.bean.manager";

    @Produces
    @ApplicationScoped
    @Typed(PersistenceManager.class)
    PersistenceManager persistenceManager(BeanManager beanManager) {
        PersistenceManager persistence = new PersistenceManager(PersistenceConfig.fromConfig(),
                Map.of(BEAN_MANAGER, beanManager));
        persistence.initialize();
        CdiEventForwarder.forward(persistence, beanManager);
        return persistence;
    }

    void shutdown(@Disposes PersistenceManager persistence) {
        persistence.shutdown();
    }

    /** Creates the manager eagerly, so a failure to open the database fails the deployment, not a first request. */
    void initializeAtStartup(@Observes @Initialized(ApplicationScoped.class) Object containerStarted,
                             PersistenceManager persistence) {
        persistence.config();
    }
}
