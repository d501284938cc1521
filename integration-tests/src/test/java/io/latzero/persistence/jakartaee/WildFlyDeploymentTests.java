package io.latzero.persistence.jakartaee;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * The library in a WAR on a real WildFly: one server start and one deployment per subclass, then each test
 * checks one behaviour over HTTP. The WAR's resource uses the injected {@code PersistenceManager}; its
 * {@code @Observes} and {@code @ObservesAsync} observers of {@code AppRegistered} record what they saw, which
 * {@code GET /api/events} lists. The server's log stays under {@code target/wildfly-it/<server>/standalone/log}
 * and its tail is printed when anything fails.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class WildFlyDeploymentTests {
    private static final String WAR = "latzero-wildfly-it.war";
    private static final String CONTEXT = "/latzero-wildfly-it";
    private static final Duration ASYNC_WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    private WildFlyServer server;
    private volatile boolean failed;

    @RegisterExtension
    final TestWatcher printsTheServerLogOnFailure = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            failed = true;
        }
    };

    /** The name of the server's work directory under {@code target/wildfly-it}. */
    abstract String name();

    /** The system property (set by failsafe) naming the unpacked distribution. */
    abstract String homeProperty();

    /** Whether the WAR carries the {@code jboss-deployment-structure.xml} of {@code docs/jakarta-ee.md}. */
    abstract boolean withDeploymentStructure();

    @BeforeAll
    void startServerWithTheWarDeployed() throws Exception {
        Path work = Path.of(TestWar.requiredProperty("latzero.wildfly-it.dir")).resolve(name());
        Path dataDir = work.resolve("data");
        WildFlyServer.deleteRecursively(dataDir);
        Path war = work.resolve(WAR);
        TestWar.write(war, dataDir, withDeploymentStructure());
        server = WildFlyServer.start(Path.of(TestWar.requiredProperty(homeProperty())), work, war);
        try {
            server.awaitDeployment(WAR, app("/api/events"));
        } catch (Throwable t) {
            failed = true;
            throw t;
        }
    }

    @AfterAll
    void stopServer() {
        if (server == null) {
            return;
        }
        if (failed) {
            System.out.println(server.logTail(150));
        }
        server.close();
    }

    @Test
    void the_injected_manager_registers_an_app_and_reads_it_back() throws Exception {
        HttpResponse<String> registered = Http.post(app("/api/apps/injected-app"));
        HttpResponse<String> read = Http.get(app("/api/apps/injected-app"));

        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.body()).isEqualTo(registered.body())
                .isEqualTo("injected-app pools=[data-pool] triggers=[process-data] meta={version=1.0.0}");
        assertThat(Http.get(app("/api/apps/never-registered")).statusCode()).isEqualTo(404);
    }

    @Test
    void each_committed_change_reaches_each_observer_once_and_only_after_its_commit() throws Exception {
        assertThat(Http.post(app("/api/apps/observed-1")).statusCode()).isEqualTo(200);
        assertThat(Http.post(app("/api/apps/observed-2")).statusCode()).isEqualTo(200);

        List<String> events = awaitAsyncEventsOf("observed-1", "observed-2");

        assertThat(eventsOf(events, "observed-1")).containsExactlyInAnyOrder(
                "sync observed-1 committed=true inTransaction=false",
                "async observed-1 committed=true");
        assertThat(eventsOf(events, "observed-2")).containsExactlyInAnyOrder(
                "sync observed-2 committed=true inTransaction=false",
                "async observed-2 committed=true");
        // The synchronous observer runs on the committing thread, in commit order, before the request returns.
        assertThat(events.stream().filter(e -> e.startsWith("sync observed-")))
                .containsExactly("sync observed-1 committed=true inTransaction=false",
                        "sync observed-2 committed=true inTransaction=false");
    }

    @Test
    void a_rolled_back_transaction_reaches_no_observer_and_stores_nothing() throws Exception {
        HttpResponse<String> rolledBack = Http.post(app("/api/apps/rolled-back/rolled-back"));
        assertThat(Http.post(app("/api/apps/committed-after-rollback")).statusCode()).isEqualTo(200);

        List<String> events = awaitAsyncEventsOf("committed-after-rollback");

        assertThat(rolledBack.body()).isEqualTo("rolled back: abort");
        assertThat(Http.get(app("/api/apps/rolled-back")).statusCode()).isEqualTo(404);
        assertThat(eventsOf(events, "rolled-back")).isEmpty();
        assertThat(eventsOf(events, "committed-after-rollback")).hasSize(2);
    }

    @Test
    void the_readiness_check_reports_up_on_the_management_health_endpoint() throws Exception {
        HttpResponse<String> ready = Http.get(server.management("/health/ready"));

        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(ready.body());
        assertThat(body.path("status").asText()).as(ready.body()).isEqualTo("UP");
        assertThat(StreamSupport.stream(body.path("checks").spliterator(), false)
                .filter(check -> check.path("name").asText().equals("latzero-persistence")))
                .as(ready.body())
                .singleElement()
                .satisfies(check -> {
                    assertThat(check.path("status").asText()).isEqualTo("UP");
                    assertThat(check.path("data").path("schemaVersion").asText()).isNotEmpty();
                });
    }

    private URI app(String path) {
        return server.http(CONTEXT + path);
    }

    /** The observed events once the asynchronous observer has seen every one of {@code appIds}. */
    private List<String> awaitAsyncEventsOf(String... appIds) throws Exception {
        Instant deadline = Instant.now().plus(ASYNC_WAIT);
        while (true) {
            List<String> events = Http.get(app("/api/events")).body().lines().toList();
            boolean all = List.of(appIds).stream()
                    .allMatch(id -> eventsOf(events, id).stream().anyMatch(e -> e.startsWith("async ")));
            if (all) {
                return events;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("the asynchronous observer did not see " + List.of(appIds) + " within "
                        + ASYNC_WAIT + "; events: " + events);
            }
            Thread.sleep(100);
        }
    }

    private static List<String> eventsOf(List<String> events, String appId) {
        return events.stream().filter(e -> e.split(" ")[1].equals(appId)).toList();
    }
}
