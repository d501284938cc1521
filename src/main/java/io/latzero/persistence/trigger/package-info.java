/**
 * Ephemeral trigger records, kept in an in-memory database:
 *
 * <pre>{@code
 * persistence.createTriggerRecord("t-1", "my-app", 7, "worker", null, null, Duration.ofMinutes(5));
 * persistence.markTriggerDispatched("t-1", "worker-3");
 * }</pre>
 */
package io.latzero.persistence.trigger;
