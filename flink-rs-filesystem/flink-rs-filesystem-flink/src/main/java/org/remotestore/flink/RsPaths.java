package org.remotestore.flink;

import java.io.IOException;
import java.net.URI;
import org.apache.flink.core.fs.Path;

/** Conversions between Flink {@link Path}s {@code rs://<store>/<path>} and store paths. */
final class RsPaths {
  /** The URI scheme. */
  static final String SCHEME = "rs";

  private RsPaths() {}

  /** The store a path names, or {@code fallback} when the path has no authority. */
  static String storeOf(Path path, String fallback) throws IOException {
    URI uri = path.toUri();
    if (uri.getScheme() != null && !SCHEME.equalsIgnoreCase(uri.getScheme())) {
      throw new IOException("Not an rs:// path: " + path);
    }
    String authority = uri.getAuthority();
    return authority == null || authority.isEmpty() ? fallback : authority;
  }

  /** The path inside the store: the URI path without leading or trailing slashes. */
  static String storePath(Path path) {
    String p = path.toUri().getPath();
    if (p == null) {
      return "";
    }
    int start = 0;
    int end = p.length();
    while (start < end && p.charAt(start) == '/') {
      start++;
    }
    while (end > start && p.charAt(end - 1) == '/') {
      end--;
    }
    return p.substring(start, end);
  }

  /** The Flink path of a store path. */
  static Path toPath(String store, String storePath) {
    return new Path(SCHEME, store, "/" + storePath);
  }

  /** The root URI of a store. */
  static URI rootUri(String store) {
    return URI.create(SCHEME + "://" + store + "/");
  }
}
