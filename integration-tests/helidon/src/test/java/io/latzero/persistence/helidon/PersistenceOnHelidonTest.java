package io.latzero.persistence.helidon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.helidon.microprofile.testing.junit5.AddBean;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import io.latzero.persistence.PersistenceManager;
import io.latzero.persistence.event.AppRegistered;
import io.latzero.persistence.event.PersistenceEvent;
import io.latzero.persistence.examples.Registrations;
import io.latzero.persistence.health.PersistenceReadinessCheck;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** A real Helidon MP 4.2 application: CDI (Helidon's Weld), Helidon's MP Config, MP Health over HTTP. */
@HelidonTest
@AddBean(Registrations.class)
@AddBean(AsyncObserver.class)
@AddConfig(key = "latzero.persistence.memory-mode", value = "true")
@AddConfig(key = "latzero.persistence.backup-interval", value = "PT0S")
class PersistenceOnHelidonTest {
    @Inject
    PersistenceManager persistence;

    @Inject
    Registrations registrations;

    @Inject
    AsyncObserver asyncObserver;

    @Inject
    WebTarget target;

    @Test
    void injects_the_manager_configured_through_helidons_own_microprofile_config() {
        assertThat(ConfigProvider.getConfig().getClass().getName()).startsWith("io.helidon.");
        assertThat(persistence.config().memoryMode()).isTrue();
        assertThat(persistence.getStats().schemaVersion()).isNotBlank();
    }

    @Test
    void writes_through_the_injected_manager_and_observes_committed_changes() throws InterruptedException {
        registrations.register("helidon-app");

        assertThat(persistence.getApp("helidon-app")).isPresent();
        assertThat(registrations.registered()).contains("helidon-app");
        assertThat(nextAsyncAppId()).isEqualTo("helidon-app");
    }

    @Test
    void a_rolled_back_transaction_fires_no_cdi_event() throws InterruptedException {
        assertThatThrownBy(() -> persistence.transaction(() -> {
            registrations.register("helidon-rolled-back");
            throw new IllegalStateException("abort");
        })).hasMessage("abort");
        registrations.register("helidon-after-rollback");

        assertThat(registrations.registered()).doesNotContain("helidon-rolled-back").contains("helidon-after-rollback");
        assertThat(nextAsyncAppId()).isEqualTo("helidon-after-rollback");
    }

    @Test
    void the_readiness_endpoint_shows_the_persistence_check_up() {
        Response response = target.path("/health/ready").request().get();
        String body = response.readEntity(String.class);

        assertThat(response.getStatus()).as(body).isEqualTo(200);
        assertThat(body).contains("\"name\":\"" + PersistenceReadinessCheck.NAME + "\"").contains("\"schemaVersion\"")
                .contains("\"synchronous\"").contains("\"durabilityWindow\"").contains("\"status\":\"UP\"");
    }

    /** The next AppRegistered an asynchronous observer received (other kinds of event are skipped). */
    private String nextAsyncAppId() throws InterruptedException {
        while (true) {
            PersistenceEvent event = asyncObserver.received().poll(10, TimeUnit.SECONDS);
            assertThat(event).as("an asynchronous event within 10 s").isNotNull();
            if (event instanceof AppRegistered registered) {
                return registered.appId();
            }
        }
    }
}
