package io.latzero.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.latzero.persistence.app.AppUpdate;
import io.latzero.persistence.testing.SessionFactoryCounter;
import io.latzero.persistence.testing.TestManagers;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.hibernate.cfg.AvailableSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A durable write flushes its session for the change and before its change stamp reads the log, and not again when
 * it commits: each flush costs a pass over the persistence context and its listeners. (Hibernate counts the flushes
 * of a session that holds anything; an update lets go of its entity once it is written.)
 */
class CommitFlushTest {
    @TempDir
    Path dir;

    @Test
    void a_write_in_a_transaction_of_its_own_is_not_flushed_again_once_its_changes_are_stamped() {
        SessionFactoryCounter observer = new SessionFactoryCounter();
        try (PersistenceManager persistence = new PersistenceManager(TestManagers.config(dir).build(),
                Map.of(AvailableSettings.SESSION_FACTORY_OBSERVER, observer))) {
            persistence.initialize();
            persistence.registerApp("warm", List.of(), List.of(), Map.of());

            long before = observer.flushes();
            persistence.registerApp("a", List.of("p"), List.of("t"), Map.of("k", 1));
            long afterRegister = observer.flushes();
            persistence.updateApp("a", AppUpdate.builder().meta(Map.of("k", 2)).build());

            assertThat(afterRegister - before).as("flushes of registerApp").isEqualTo(2);
            assertThat(observer.flushes() - afterRegister).as("flushes of updateApp").isEqualTo(1);
            assertThat(persistence.getApp("a").orElseThrow().meta()).isEqualTo(Map.of("k", 2));
        }
    }
}
