/**
 * The MicroProfile Health readiness check of the manager, discovered as a CDI bean where the Health API is present
 * (e.g. {@code /health/ready} on Helidon MP or WildFly).
 */
package io.latzero.persistence.health;
