package org.remotestore;

import java.util.ArrayList;
import java.util.List;

/**
 * Normalisation and validation of store paths, applied before any backend call.
 *
 * <p>A normalised path is relative, {@code /}-separated, has no empty, {@code .} or {@code ..}
 * segment and no leading or trailing slash; {@code ""} is the root. {@link #normalize(String)}
 * collapses {@code //} and {@code .}, resolves {@code ..} inside the path, strips a trailing {@code
 * /}, and rejects with {@link InvalidPath}:
 *
 * <ul>
 *   <li>absolute paths ({@code /a}) and Windows drive paths ({@code C:}, {@code C:\a}, {@code
 *       C:/a});
 *   <li>{@code ..} that climbs above the root, also when hidden ({@code a/../../b});
 *   <li>NUL and other control characters;
 *   <li>backslashes (never treated as separators, always refused).
 * </ul>
 *
 * <p>Percent-encoded sequences such as {@code %2e%2e} are not decoded: they are ordinary characters
 * of a segment name.
 */
public final class StorePaths {

  private StorePaths() {}

  /**
   * Normalises a store-relative path.
   *
   * @param path the path as given by a caller
   * @return the normalised path, {@code ""} for the root
   * @throws InvalidPath when the path is absolute, escapes the root or contains a forbidden
   *     character; the message names the path
   */
  public static String normalize(String path) throws InvalidPath {
    return normalize(path, null);
  }

  /**
   * Normalises a store-relative path; see {@link #normalize(String)}.
   *
   * @param backend the backend name for the error, or {@code null}
   */
  public static String normalize(String path, String backend) throws InvalidPath {
    if (path == null) {
      throw new InvalidPath("Invalid path: null", backend, null);
    }
    boolean normal = true; // no empty, "." or ".." segment: nothing to rewrite
    int segmentStart = 0;
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '\0') {
        throw invalid(path, backend, "contains a NUL character");
      }
      if (Character.isISOControl(c)) {
        throw invalid(path, backend, "contains a control character");
      }
      if (c == '\\') {
        throw invalid(path, backend, "contains a backslash");
      }
      if (c == '/') {
        normal &= isNameSegment(path, segmentStart, i);
        segmentStart = i + 1;
      }
    }
    normal &= isNameSegment(path, segmentStart, path.length());
    if (path.startsWith("/")) {
      throw invalid(path, backend, "is absolute; store paths are relative");
    }
    if (path.length() >= 2 && isAsciiLetter(path.charAt(0)) && path.charAt(1) == ':') {
      throw invalid(path, backend, "starts with a drive letter");
    }
    if (normal) {
      return path; // already normalised: the common case, without splitting and joining
    }
    List<String> segments = new ArrayList<>();
    for (String segment : path.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      if (segment.equals("..")) {
        if (segments.isEmpty()) {
          throw invalid(path, backend, "climbs above the root with '..'");
        }
        segments.remove(segments.size() - 1);
      } else {
        segments.add(segment);
      }
    }
    return String.join("/", segments);
  }

  /**
   * Joins a normalised root prefix and a normalised relative path into one key.
   *
   * @param root a normalised prefix, {@code ""} for none
   * @param path a normalised path, {@code ""} for the root itself
   */
  public static String join(String root, String path) {
    if (root.isEmpty()) {
      return path;
    }
    if (path.isEmpty()) {
      return root;
    }
    return root + "/" + path;
  }

  /**
   * The path of {@code key} relative to {@code root}: the inverse of {@link #join(String, String)}.
   *
   * @throws IllegalArgumentException when {@code key} is not at or below {@code root}
   */
  public static String relativize(String root, String key) {
    if (root.isEmpty()) {
      return key;
    }
    if (key.equals(root)) {
      return "";
    }
    if (key.length() > root.length() && key.startsWith(root) && key.charAt(root.length()) == '/') {
      return key.substring(root.length() + 1);
    }
    throw new IllegalArgumentException("Key '" + key + "' is not below root '" + root + "'");
  }

  /** The parent of a normalised path ({@code ""} for a top-level name and for the root). */
  public static String parent(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : path.substring(0, slash);
  }

  /** The last segment of a normalised path ({@code ""} for the root). */
  public static String fileName(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /** The number of segments of a normalised path (0 for the root). */
  public static int depth(String path) {
    if (path.isEmpty()) {
      return 0;
    }
    int n = 1;
    for (int i = 0; i < path.length(); i++) {
      if (path.charAt(i) == '/') {
        n++;
      }
    }
    return n;
  }

  /** Whether {@code path[from, to)} is a segment kept as it is: not empty, not . or .. */
  private static boolean isNameSegment(String path, int from, int to) {
    int length = to - from;
    if (length == 0) {
      return false;
    }
    boolean dot = path.charAt(from) == '.';
    return !(dot && (length == 1 || (length == 2 && path.charAt(from + 1) == '.')));
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static InvalidPath invalid(String path, String backend, String reason) {
    return new InvalidPath(
        "Invalid path '" + printable(path) + "': " + reason, backend, printable(path));
  }

  /** The path with control characters shown as {@code \\uXXXX}, for messages. */
  /** Normalises a path that must name a file (not the root) of store {@code store}. */
  static String filePath(String path, String backend, String store) throws InvalidPath {
    String p = StorePaths.normalize(path, backend);
    if (p.isEmpty()) {
      throw new InvalidPath(
          "Invalid path '" + path + "': names the root of store '" + store + "', not a file",
          backend,
          path);
    }
    return p;
  }

  static String printable(String path) {
    StringBuilder sb = new StringBuilder(path.length());
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (Character.isISOControl(c)) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
