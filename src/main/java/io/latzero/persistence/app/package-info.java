/**
 * App registrations: the {@link io.latzero.persistence.app.App} record and its
 * {@link io.latzero.persistence.app.AppUpdate}:
 *
 * <pre>{@code
 * persistence.updateApp("my-app", AppUpdate.builder().pools(List.of("data-pool")).build());
 * }</pre>
 */
package io.latzero.persistence.app;
