/**
 * Integrity over any {@link org.remotestore.Store}: SHA-256, MD5, SHA-1 and CRC32C checksums
 * streamed in 1 MiB chunks, verification that uses a backend's own digest where it has one, hashing
 * streams, and writes that return or check a checksum before publishing.
 */
package org.remotestore.ext.integrity;
