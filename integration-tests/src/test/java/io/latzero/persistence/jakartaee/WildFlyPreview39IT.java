package io.latzero.persistence.jakartaee;

/** WildFly Preview 39 (Jakarta EE 11: Jakarta Persistence 3.2, Hibernate ORM 7) takes the WAR as it is. */
class WildFlyPreview39IT extends WildFlyDeploymentTests {
    @Override
    String name() {
        return "wildfly-preview-39";
    }

    @Override
    String homeProperty() {
        return "latzero.wildfly-it.wildfly-preview-home";
    }

    @Override
    boolean withDeploymentStructure() {
        return false;
    }
}
