/**
 * Events of committed changes, delivered after commit in commit order:
 *
 * <pre>{@code
 * try (Subscription s = persistence.on(AppRegistered.class, e -> log(e.appId()))) {
 *     persistence.registerApp("other-app", List.of(), List.of(), Map.of());
 * }
 * }</pre>
 */
package io.latzero.persistence.event;
