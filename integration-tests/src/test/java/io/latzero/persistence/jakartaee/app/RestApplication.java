package io.latzero.persistence.jakartaee.app;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * The JAX-RS application of the WAR that the WildFly integration tests deploy: everything in this package, and
 * nothing else of the test classes, goes into its {@code WEB-INF/classes}.
 */
@ApplicationPath("/api")
public class RestApplication extends Application {
}
