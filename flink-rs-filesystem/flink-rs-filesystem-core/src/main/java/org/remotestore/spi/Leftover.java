package org.remotestore.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * Something a crashed or abandoned writer left behind on a backend: a multipart upload that was
 * never completed, blocks that were staged but never committed, a hidden in-progress or temporary
 * file. Listed by a {@link LeftoverSupport} and removed by it.
 *
 * @param key where the leftover lives: the hidden file itself when it is a file, otherwise the
 *     target key of the upload that holds the bytes invisibly (a multipart upload, uncommitted
 *     blocks, the temporary tail objects of such an upload); a backend key, or a store path when
 *     handed out by a store
 * @param kind what it is, one of the {@code KIND_*} constants of {@link LeftoverSupport} or a
 *     backend's own lower-case word
 * @param id the backend's own identifier of the leftover, exactly as the backend's resumable-write
 *     states record it (the multipart upload id, the staging file's backend key, the blob name, the
 *     temporary object's key), so that a checkpoint that still refers to it can be recognised
 * @param startedAt when the writer started or last touched it, or {@code null} when the backend
 *     cannot tell
 * @param bytes the bytes it holds, or {@code -1} when the backend cannot tell cheaply
 */
public record Leftover(String key, String kind, String id, Instant startedAt, long bytes) {

  /** Validates the record. */
  public Leftover {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(id, "id");
    if (bytes < -1) {
      throw new IllegalArgumentException("bytes < -1: " + bytes);
    }
  }

  /** The same leftover at another key (used to map backend keys to store paths and back). */
  public Leftover withKey(String newKey) {
    return new Leftover(newKey, kind, id, startedAt, bytes);
  }
}
