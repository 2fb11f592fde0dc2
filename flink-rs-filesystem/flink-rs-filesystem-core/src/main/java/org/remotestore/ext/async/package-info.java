/**
 * An asynchronous bridge over any {@link org.remotestore.Store}: {@link
 * java.util.concurrent.CompletableFuture} results, a bounded pool, and cancellation that aborts the
 * running request.
 */
package org.remotestore.ext.async;
