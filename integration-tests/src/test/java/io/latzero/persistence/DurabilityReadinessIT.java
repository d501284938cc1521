package io.latzero.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.latzero.persistence.health.PersistenceReadinessCheck;
import io.latzero.persistence.internal.store.sqlite.WalSyncer;
import io.latzero.persistence.testing.TestManagers;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The readiness check shows the durability settings in force, and a failed background sync of the WAL turns it
 * DOWN. The MicroProfile Health API needs an implementation to build responses: a minimal one stands in here.
 */
class DurabilityReadinessIT {
    @TempDir
    Path dir;

    @BeforeAll
    static void installResponseBuilder() {
        HealthCheckResponse.setResponseProvider(SimpleBuilder::new);
    }

    @Test
    void the_check_is_up_and_shows_the_synchronous_level_and_the_window_in_force() {
        try (PersistenceManager persistence = TestManagers.open(TestManagers.config(dir).build())) {
            HealthCheckResponse response = new PersistenceReadinessCheck(persistence).call();

            assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
            assertThat(response.getData().orElseThrow())
                    .containsEntry("synchronous", "NORMAL").containsEntry("durabilityWindow", "PT0.2S");
        }
    }

    @Test
    void at_FULL_the_window_is_shown_as_not_applicable() {
        try (PersistenceManager persistence = TestManagers.open(TestManagers.config(dir)
                .synchronous(Synchronous.FULL).build())) {
            assertThat(new PersistenceReadinessCheck(persistence).call().getData().orElseThrow())
                    .containsEntry("synchronous", "FULL").containsEntry("durabilityWindow", "not applicable");
        }
    }

    @Test
    void a_failed_background_sync_turns_the_check_down_with_the_error() {
        Function<Path, WalSyncer.Sync> failing = db -> () -> {
            throw new IOException("Input/output error");
        };
        try (PersistenceManager persistence = new PersistenceManager(TestManagers.config(dir)
                .durabilityWindow(Duration.ofMillis(20)).build(), Map.of(), failing)) {
            persistence.initialize();
            PersistenceReadinessCheck check = new PersistenceReadinessCheck(persistence);
            persistence.registerApp("a", List.of(), List.of(), Map.of());

            TestManagers.await("a failed sync", Duration.ofSeconds(10),
                    () -> check.call().getStatus() == HealthCheckResponse.Status.DOWN);

            assertThat(check.call().getData().orElseThrow())
                    .hasEntrySatisfying("error", e -> assertThat((String) e).contains("Input/output error"))
                    .hasEntrySatisfying("walSyncFailures", n -> assertThat((Long) n).isPositive());
        }
    }

    /** Just enough of a MicroProfile Health implementation to build a response. */
    private static final class SimpleBuilder extends HealthCheckResponseBuilder {
        private final Map<String, Object> data = new LinkedHashMap<>();
        private String name;
        private HealthCheckResponse.Status status = HealthCheckResponse.Status.UP;

        @Override
        public HealthCheckResponseBuilder name(String name) {
            this.name = name;
            return this;
        }

        @Override
        public HealthCheckResponseBuilder withData(String key, String value) {
            data.put(key, value);
            return this;
        }

        @Override
        public HealthCheckResponseBuilder withData(String key, long value) {
            data.put(key, value);
            return this;
        }

        @Override
        public HealthCheckResponseBuilder withData(String key, boolean value) {
            data.put(key, value);
            return this;
        }

        @Override
        public HealthCheckResponseBuilder up() {
            return status(true);
        }

        @Override
        public HealthCheckResponseBuilder down() {
            return status(false);
        }

        @Override
        public HealthCheckResponseBuilder status(boolean up) {
            status = up ? HealthCheckResponse.Status.UP : HealthCheckResponse.Status.DOWN;
            return this;
        }

        @Override
        public HealthCheckResponse build() {
            return new HealthCheckResponse(name, status, Optional.of(Map.copyOf(data)));
        }
    }
}
