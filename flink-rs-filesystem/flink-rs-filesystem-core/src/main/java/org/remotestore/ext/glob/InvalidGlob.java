package org.remotestore.ext.glob;

import org.remotestore.InvalidPath;

/** A glob pattern is malformed (an unbalanced bracket, a trailing backslash, an absolute path). */
public class InvalidGlob extends InvalidPath {
  private static final long serialVersionUID = 1L;

  private final String pattern;

  /** Creates the exception for {@code pattern}; the message names the pattern. */
  public InvalidGlob(String pattern, String problem) {
    super("Invalid glob pattern '" + pattern + "': " + problem, null, pattern);
    this.pattern = pattern;
  }

  /** The offending pattern. */
  public String pattern() {
    return pattern;
  }
}
