/**
 * Glob patterns over any {@link org.remotestore.Store} ({@code *}, {@code ?}, {@code [..]}, {@code
 * [!..]}, {@code **}), evaluated with as little listing as the pattern allows.
 */
package org.remotestore.ext.glob;
