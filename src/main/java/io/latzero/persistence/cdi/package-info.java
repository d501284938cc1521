/**
 * CDI integration: the library jar is a bean archive whose {@link io.latzero.persistence.cdi.PersistenceManagerProducer}
 * makes an {@code @ApplicationScoped} {@link io.latzero.persistence.PersistenceManager} configured from
 * MicroProfile Config, and fires every committed change as a CDI event:
 *
 * <pre>{@code
 * @ApplicationScoped
 * public class Registrations {
 *     @Inject PersistenceManager persistence;
 *
 *     void onAppRegistered(@Observes AppRegistered event) { ... }
 * }
 * }</pre>
 *
 * Needs a CDI 4.0 or newer container at run time; without one nothing in this package is loaded.
 */
package io.latzero.persistence.cdi;
