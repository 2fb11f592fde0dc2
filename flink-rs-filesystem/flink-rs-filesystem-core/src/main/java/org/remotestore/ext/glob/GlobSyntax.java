package org.remotestore.ext.glob;

/** Translates one glob segment (no {@code /}) to a regular expression. */
final class GlobSyntax {
  private GlobSyntax() {}

  /** Whether the segment has a wildcard or an escape, i.e. is not a plain name. */
  static boolean isLiteral(String segment) {
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c == '*' || c == '?' || c == '[' || c == '\\') {
        return false;
      }
    }
    return true;
  }

  /**
   * The regular expression of one segment: {@code *} any run of characters but {@code /}, {@code ?}
   * one such character, {@code [abc]}, {@code [a-z]}, {@code [!a-z]} (or {@code [^a-z]}) a class,
   * {@code \x} the character {@code x}.
   */
  static String segmentRegex(String pattern, String segment) throws InvalidGlob {
    StringBuilder re = new StringBuilder();
    int i = 0;
    while (i < segment.length()) {
      char c = segment.charAt(i);
      switch (c) {
        case '*' -> {
          while (i + 1 < segment.length() && segment.charAt(i + 1) == '*') {
            i++;
          }
          re.append("[^/]*");
        }
        case '?' -> re.append("[^/]");
        case '\\' -> {
          if (i + 1 >= segment.length()) {
            throw new InvalidGlob(pattern, "a backslash at the end escapes nothing");
          }
          i++;
          appendLiteral(re, segment.charAt(i));
        }
        case '[' -> i = appendClass(pattern, segment, i, re);
        default -> appendLiteral(re, c);
      }
      i++;
    }
    return re.toString();
  }

  /** Appends the class starting at {@code open}; returns the index of its closing bracket. */
  private static int appendClass(String pattern, String segment, int open, StringBuilder re)
      throws InvalidGlob {
    int i = open + 1;
    boolean negated =
        i < segment.length() && (segment.charAt(i) == '!' || segment.charAt(i) == '^');
    if (negated) {
      i++;
    }
    StringBuilder body = new StringBuilder();
    boolean first = true;
    while (i < segment.length() && (segment.charAt(i) != ']' || first)) {
      char c = segment.charAt(i);
      if (c == '-' && !first && i + 1 < segment.length() && segment.charAt(i + 1) != ']') {
        body.append('-');
      } else if (c == '\\' && i + 1 < segment.length()) {
        i++;
        body.append('\\').append(segment.charAt(i));
      } else {
        if (c == '[' || c == '\\' || c == '^' || c == '&' || c == ']' || c == '-') {
          body.append('\\');
        }
        body.append(c);
      }
      first = false;
      i++;
    }
    if (i >= segment.length()) {
      throw new InvalidGlob(pattern, "'[' at position " + open + " has no closing ']'");
    }
    re.append('[').append(negated ? "^/" : "").append(body).append(']');
    return i;
  }

  private static void appendLiteral(StringBuilder re, char c) {
    if ("\\.[]{}()<>*+-=!?^$|".indexOf(c) >= 0) {
      re.append('\\');
    }
    re.append(c);
  }

  /** The segment with its escapes removed (for a literal segment: the segment itself). */
  static String unescape(String segment) {
    StringBuilder out = new StringBuilder(segment.length());
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c == '\\' && i + 1 < segment.length()) {
        i++;
        c = segment.charAt(i);
      }
      out.append(c);
    }
    return out.toString();
  }
}
