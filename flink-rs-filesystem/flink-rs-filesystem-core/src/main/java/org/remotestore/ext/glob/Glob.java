package org.remotestore.ext.glob;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.remotestore.FileInfo;
import org.remotestore.NotFound;
import org.remotestore.Store;

/**
 * A compiled glob pattern over store paths, and its evaluation against any {@link Store}.
 *
 * <p>Syntax, per {@code /}-separated segment: {@code *} any characters but {@code /}, {@code ?} one
 * such character, {@code [abc]}, {@code [a-z]}, {@code [!a-z]} (also {@code [^a-z]}) a character
 * class, {@code \x} the literal {@code x}; a whole segment {@code **} matches zero or more
 * segments. Patterns are relative to the store (no leading {@code /}); a trailing {@code /} is
 * ignored.
 *
 * <p>Evaluation lists as little as it can. The leading segments without wildcards (the longest
 * literal prefix) are a folder that is entered directly. Below it, on a file system (local) the
 * walk goes one level per segment and enters only folders whose name matches the segment, as a
 * native glob does; on an object store one listing of the prefix is filtered: delimited when the
 * pattern ends one level below the prefix, flat (recursive) only when it goes deeper or has {@code
 * **}. A pattern without wildcards costs one metadata call.
 */
public final class Glob {
  private static final String ANY_DEPTH = "**";

  private final String pattern;
  private final List<String> segments;
  private final List<Pattern> segmentPatterns;
  private final Pattern whole;
  private final int literalCount;

  private Glob(
      String pattern, List<String> segments, List<Pattern> segmentPatterns, Pattern whole) {
    this.pattern = pattern;
    this.segments = segments;
    this.segmentPatterns = segmentPatterns;
    this.whole = whole;
    int literal = 0;
    while (literal < segments.size() && GlobSyntax.isLiteral(segments.get(literal))) {
      literal++;
    }
    this.literalCount = literal;
  }

  /**
   * Compiles {@code pattern}.
   *
   * @throws InvalidGlob naming the pattern when it is empty, absolute, has {@code .} or {@code ..}
   *     segments, an unbalanced {@code [} or a trailing backslash
   */
  public static Glob compile(String pattern) throws InvalidGlob {
    Objects.requireNonNull(pattern, "pattern");
    if (pattern.startsWith("/")) {
      throw new InvalidGlob(pattern, "patterns are relative to the store; remove the leading '/'");
    }
    String trimmed = pattern.endsWith("/") ? pattern.substring(0, pattern.length() - 1) : pattern;
    if (trimmed.isEmpty()) {
      throw new InvalidGlob(pattern, "the pattern is empty");
    }
    List<String> segments = new ArrayList<>();
    for (String segment : trimmed.split("/", -1)) {
      if (segment.equals(".") || segment.equals("..")) {
        throw new InvalidGlob(pattern, "'.' and '..' segments are not allowed");
      }
      if (!segment.isEmpty()) {
        segments.add(segment); // a//b is a/b, as for store paths
      }
    }
    if (segments.isEmpty()) {
      throw new InvalidGlob(pattern, "the pattern is empty");
    }
    List<Pattern> segmentPatterns = new ArrayList<>();
    StringBuilder whole = new StringBuilder();
    for (int i = 0; i < segments.size(); i++) {
      String segment = segments.get(i);
      if (i > 0 && !segments.get(i - 1).equals(ANY_DEPTH)) {
        whole.append('/');
      }
      if (segment.equals(ANY_DEPTH)) {
        segmentPatterns.add(null);
        // not last: zero or more whole segments, each with its slash; last: anything below
        whole.append(i < segments.size() - 1 ? "(?:[^/]+/)*" : ".+");
      } else {
        String regex = GlobSyntax.segmentRegex(pattern, segment);
        segmentPatterns.add(Pattern.compile(regex));
        whole.append(regex);
      }
    }
    String regex = whole.toString();
    return new Glob(pattern, List.copyOf(segments), segmentPatterns, Pattern.compile(regex));
  }

  /** The pattern as given. */
  public String pattern() {
    return pattern;
  }

  /** Whether the store-relative {@code path} matches the whole pattern. */
  public boolean matches(String path) {
    return whole.matcher(path).matches();
  }

  /** The leading segments without wildcards, joined: the folder every match is below. */
  public String literalPrefix() {
    return String.join("/", segments.subList(0, Math.min(literalCount, segments.size() - 1)));
  }

  /** Whether the pattern has no wildcard at all (it names one path). */
  public boolean isLiteral() {
    return literalCount == segments.size();
  }

  /** Whether the pattern has a {@code **} segment (matches at any depth). */
  public boolean hasAnyDepth() {
    return segments.contains(ANY_DEPTH);
  }

  /** The files of {@code store} that match, sorted by path. */
  public List<FileInfo> files(Store store) throws IOException {
    List<FileInfo> out = new ArrayList<>();
    if (isLiteral()) {
      try {
        out.add(store.getFileInfo(String.join("/", segments)));
      } catch (NotFound none) {
        // no match
      }
      return out;
    }
    String prefix = literalPrefix();
    int prefixSegments = prefix.isEmpty() ? 0 : literalCount;
    if (store.isObjectStore() || hasAnyDepth()) {
      int below = segments.size() - prefixSegments;
      boolean oneLevel = !hasAnyDepth() && below == 1;
      for (FileInfo f : store.listFiles(prefix, !oneLevel, oneLevel ? 1 : 0)) {
        if (matches(f.path())) {
          out.add(f);
        }
      }
    } else {
      walkFiles(store, prefix, prefixSegments, out);
    }
    out.sort(Comparator.comparing(FileInfo::path));
    return out;
  }

  /** The folders of {@code store} that match, sorted (for {@code globStatus}-like callers). */
  public List<String> folders(Store store) throws IOException {
    TreeSet<String> out = new TreeSet<>();
    String prefix = literalPrefix();
    if (isLiteral()) {
      String path = String.join("/", segments);
      if (store.isFolder(path)) {
        out.add(path);
      }
      return List.copyOf(out);
    }
    int prefixSegments = prefix.isEmpty() ? 0 : literalCount;
    int depth = hasAnyDepth() ? 0 : segments.size() - prefixSegments;
    for (String folder : store.listFolders(prefix, depth)) {
      if (matches(folder)) {
        out.add(folder);
      }
    }
    return List.copyOf(out);
  }

  /** One level per segment, entering only folders whose name matches the segment. */
  private void walkFiles(Store store, String folder, int index, List<FileInfo> out)
      throws IOException {
    String segment = segments.get(index);
    boolean last = index == segments.size() - 1;
    if (segment.equals(ANY_DEPTH)) {
      for (FileInfo f : store.listFiles(folder, true)) {
        if (matches(f.path())) {
          out.add(f);
        }
      }
      return;
    }
    if (last) {
      for (FileInfo f : store.listFiles(folder)) {
        if (matches(f.path())) {
          out.add(f);
        }
      }
      return;
    }
    if (GlobSyntax.isLiteral(segment)) {
      String child = folder.isEmpty() ? segment : folder + "/" + segment;
      walkFiles(store, child, index + 1, out);
      return;
    }
    Pattern name = segmentPatterns.get(index);
    for (String sub : store.listFolders(folder, 1)) {
      String leaf = sub.substring(sub.lastIndexOf('/') + 1);
      if (name.matcher(leaf).matches()) {
        walkFiles(store, sub, index + 1, out);
      }
    }
  }

  @Override
  public String toString() {
    return pattern;
  }
}
