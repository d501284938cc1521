package io.latzero.persistence.health;

import io.latzero.persistence.LatZeroPersistenceException;
import io.latzero.persistence.PersistenceManager;
import io.latzero.persistence.PersistenceStats;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.util.Objects;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * MicroProfile Health readiness check {@value #NAME}: UP when both databases answer and every LatZero table can
 * be read; DOWN with the reason otherwise (not initialized, shut down, database unreachable or damaged, or a
 * background sync of the WAL failed, which leaves it DOWN until a restart: the commits it was to make durable may
 * not survive a power loss, even if a later sync succeeds). The schema is current whenever the manager is open,
 * since opening migrates it or refuses a newer one; the check reports its version, the {@code synchronous} level and
 * the {@code durabilityWindow} in force ({@code "not applicable"} where none is). Discovered only when the
 * MicroProfile Health API is on the class path (see {@code META-INF/beans.xml}); Helidon MP shows it at
 * {@code /health/ready}.
 */
@Readiness
@Dependent
public class PersistenceReadinessCheck implements HealthCheck {
    /** The name of the check in health responses. */
    public static final String NAME = "latzero-persistence";

    private final PersistenceManager persistence;

    @Inject
    public PersistenceReadinessCheck(PersistenceManager persistence) {
        this.persistence = Objects.requireNonNull(persistence, "persistence");
    }

    private static String orNotApplicable(Object value) {
        return value == null ? "not applicable" : value.toString();
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME);
        try {
            PersistenceStats stats = persistence.getStats();
            response.withData("schemaVersion", stats.schemaVersion())
                    .withData("durableDatabase", stats.durableDatabase())
                    .withData("activeTransactions", stats.activeTransactions())
                    .withData("synchronous", orNotApplicable(stats.synchronous()))
                    .withData("durabilityWindow", orNotApplicable(stats.durabilityWindow()));
            if (stats.slowWalSyncs() > 0) {
                response.withData("slowWalSyncs", stats.slowWalSyncs());
            }
            if (stats.walSyncFailures() > 0) {
                return response.down()
                        .withData("walSyncFailures", stats.walSyncFailures())
                        .withData("error", stats.lastWalSyncFailure()
                                + "; commits acknowledged before it may not survive a power loss: check the storage"
                                + " and restart")
                        .build();
            }
            return response.up().build();
        } catch (RuntimeException e) {
            return response.down().withData("error", cause(e)).build();
        }
    }

    /**
     * What made the call fail: the library's own exception where there is one (a container wraps a failed start
     * in exceptions of its own, often without a message), else the outermost exception that has a message.
     */
    static String cause(Throwable failure) {
        Throwable named = failure;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof LatZeroPersistenceException) {
                named = t;
                break;
            }
            if (named.getMessage() == null && t.getMessage() != null) {
                named = t;
            }
        }
        return named.getClass().getSimpleName() + (named.getMessage() == null ? "" : ": " + named.getMessage());
    }
}
