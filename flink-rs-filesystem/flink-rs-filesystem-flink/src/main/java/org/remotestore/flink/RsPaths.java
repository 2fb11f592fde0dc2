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

  /**
   * The Flink path of a store path. When neither the store name nor the path needs quoting or
   * normalising (the common case: listings build one per entry), the URI is parsed once from its
   * final text; Flink's three-part constructor, which gives the same path, normalises the path with
   * regular expressions, builds the text and parses it.
   */
  static Path toPath(String store, String storePath) {
    if (isPlain(store, false) && isPlain(storePath, true)) {
      return new Path(URI.create(SCHEME + "://" + store + "/" + storePath));
    }
    return new Path(SCHEME, store, "/" + storePath);
  }

  /**
   * Whether {@code s} is not empty and holds only characters a URI takes as they are (letters and
   * digits of ASCII, {@code -._~}, and in a path also {@code !$&'()*+,;=@}), and, in a path, {@code
   * /} only between segments that are not {@code .} or {@code ..}.
   */
  static boolean isPlain(String s, boolean path) {
    int n = s.length();
    if (n == 0) {
      return false;
    }
    int segment = 0;
    for (int i = 0; i <= n; i++) {
      char c = i < n ? s.charAt(i) : '/';
      if (c == '/') {
        if (!path && i < n) {
          return false;
        }
        int length = i - segment;
        if (length == 0
            || (s.charAt(segment) == '.'
                && (length == 1 || (length == 2 && s.charAt(segment + 1) == '.')))) {
          return false; // an empty segment (leading, trailing or double slash), "." or ".."
        }
        segment = i + 1;
      } else if (!(c >= 'a' && c <= 'z'
          || c >= 'A' && c <= 'Z'
          || c >= '0' && c <= '9'
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~'
          || (path && "!$&'()*+,;=@".indexOf(c) >= 0))) {
        return false;
      }
    }
    return true;
  }

  /** The root URI of a store. */
  static URI rootUri(String store) {
    return URI.create(SCHEME + "://" + store + "/");
  }
}
