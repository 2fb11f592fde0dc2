package org.remotestore.medallion.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a SQL script into its statements the way the Flink SQL client reads a {@code -i} or {@code
 * -f} file: statements end with {@code ;}, and a {@code ;} inside a string literal ({@code '...'}),
 * a quoted identifier ({@code `...`} or {@code "..."}) or a comment ({@code -- ...} to the end of
 * the line, {@code /* ... *}{@code /}) does not end a statement.
 */
public final class SqlScript {

  /**
   * The statements of a script, in order, each without its terminating {@code ;} and trimmed.
   * Comments inside a statement are kept (Flink's parser skips them); pieces holding nothing but
   * comments and blanks, such as a script's closing comment, are left out.
   *
   * @throws IllegalArgumentException when a string literal, quoted identifier or block comment is
   *     not closed, naming the line it starts on
   */
  public static List<String> statements(String script) {
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean meaningful = false;
    int line = 1;
    int i = 0;
    int n = script.length();
    while (i < n) {
      char c = script.charAt(i);
      if (c == '-' && i + 1 < n && script.charAt(i + 1) == '-') {
        int end = script.indexOf('\n', i);
        end = end < 0 ? n : end;
        current.append(script, i, end);
        i = end;
      } else if (c == '/' && i + 1 < n && script.charAt(i + 1) == '*') {
        int end = script.indexOf("*/", i + 2);
        if (end < 0) {
          throw new IllegalArgumentException(
              "Block comment opened on line " + line + " never ends");
        }
        String comment = script.substring(i, end + 2);
        current.append(comment);
        line += count(comment, '\n');
        i = end + 2;
      } else if (c == '\'' || c == '`' || c == '"') {
        int end = closingQuote(script, i, c);
        if (end < 0) {
          throw new IllegalArgumentException(
              "Quote " + c + " opened on line " + line + " is never closed");
        }
        String quoted = script.substring(i, end + 1);
        current.append(quoted);
        line += count(quoted, '\n');
        meaningful = true;
        i = end + 1;
      } else if (c == ';') {
        if (meaningful) {
          statements.add(current.toString().trim());
        }
        current.setLength(0);
        meaningful = false;
        i++;
      } else {
        if (c == '\n') {
          line++;
        } else if (!Character.isWhitespace(c)) {
          meaningful = true;
        }
        current.append(c);
        i++;
      }
    }
    if (meaningful) {
      statements.add(current.toString().trim());
    }
    return statements;
  }

  /** The index of the quote closing the one at {@code start}; a doubled quote is an escape. */
  private static int closingQuote(String script, int start, char quote) {
    int i = start + 1;
    while (i < script.length()) {
      if (script.charAt(i) == quote) {
        if (i + 1 < script.length() && script.charAt(i + 1) == quote) {
          i += 2;
          continue;
        }
        return i;
      }
      i++;
    }
    return -1;
  }

  private static int count(String text, char c) {
    int found = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == c) {
        found++;
      }
    }
    return found;
  }

  private SqlScript() {}
}
