/**
 * Extensions that compose over any {@link org.remotestore.Store}: batch operations ({@code
 * ext.batch}), streaming transfers ({@code ext.transfer}), Hive-style partition paths ({@code
 * ext.partition}), a caching decorator ({@code ext.cache}), an observing decorator with an
 * OpenTelemetry bridge ({@code ext.observe}), checksums and verification ({@code ext.integrity}),
 * glob patterns ({@code ext.glob}), an asynchronous bridge ({@code ext.async}) and progress streams
 * ({@code ext.progress}). Decorators derive from {@link org.remotestore.ext.ForwardingStore} and
 * stack in any order.
 */
package org.remotestore.ext;
