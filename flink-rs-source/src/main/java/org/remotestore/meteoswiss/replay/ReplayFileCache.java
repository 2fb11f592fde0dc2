package org.remotestore.meteoswiss.replay;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.LinkedHashMap;

/** The rendered feed files, kept least recently used first within a byte budget. */
final class ReplayFileCache {
  private static final int MAX_CACHED_BYTES = 96 * 1024 * 1024;

  private final LinkedHashMap<String, FileContent> cache = new LinkedHashMap<>(64, 0.75f, true);
  private long cachedBytes;

  /** Produces the bytes of a file on a cache miss. */
  interface Renderer {
    byte[] render();
  }

  /**
   * The cached content under {@code key} (whose part before {@code @} is the path), rendering it on
   * a miss; evicts least recently used files above the byte budget.
   */
  FileContent cached(String key, Renderer renderer, Instant lastModified, int maxAge) {
    synchronized (cache) {
      FileContent hit = cache.get(key);
      if (hit != null) {
        return hit;
      }
    }
    byte[] bytes = renderer.render();
    String path = key.substring(0, key.indexOf('@'));
    FileContent content = new FileContent(path, bytes, sha256(bytes), lastModified, maxAge);
    synchronized (cache) {
      FileContent previous = cache.put(key, content);
      if (previous == null) {
        cachedBytes += bytes.length;
      }
      var it = cache.entrySet().iterator();
      while (cachedBytes > MAX_CACHED_BYTES && it.hasNext()) {
        var e = it.next();
        if (e.getValue() != content) {
          cachedBytes -= e.getValue().bytes().length;
          it.remove();
        }
      }
    }
    return content;
  }

  static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
  }
}
