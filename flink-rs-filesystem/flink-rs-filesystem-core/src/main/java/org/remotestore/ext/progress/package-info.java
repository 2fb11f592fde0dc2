/**
 * Progress over any {@link org.remotestore.Store}: input and output streams that report the bytes
 * so far and the total when known, used by {@link org.remotestore.ext.transfer.Transfer}.
 */
package org.remotestore.ext.progress;
