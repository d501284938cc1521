package io.latzero.persistence.jakartaee;

/**
 * WildFly 39 (Jakarta EE 10: Jakarta Persistence 3.1, Hibernate ORM 6.6) with the WAR carrying the
 * {@code jboss-deployment-structure.xml} of {@code docs/jakarta-ee.md}, which keeps the server's JPA subsystem and
 * persistence API away from the deployment so that the library's Jakarta Persistence 3.2 and Hibernate 7 apply.
 */
class WildFly39IT extends WildFlyDeploymentTests {
    @Override
    String name() {
        return "wildfly-39";
    }

    @Override
    String homeProperty() {
        return "latzero.wildfly-it.wildfly-home";
    }

    @Override
    boolean withDeploymentStructure() {
        return true;
    }
}
