package org.remotestore.meteoswiss;

import java.util.Arrays;
import java.util.List;

/**
 * The fields of one data line as ranges of a String, reused from line to line: a line without
 * quotes is cut at each {@code ;} found with {@link String#indexOf(int, int)} and its fields stay
 * ranges of the line (trimmed, no substring); a line with quotes goes through {@link CsvFields} and
 * each field is then the whole of its own String. Not thread-safe.
 */
final class LineFields {

  private String line;
  private List<String> quoted;
  private int[] from = new int[32];
  private int[] to = new int[32];

  /** Splits {@code line}; returns its number of fields. */
  int split(String line) {
    this.line = line;
    if (line.indexOf('"') >= 0) {
      quoted = CsvFields.split(line);
      return quoted.size();
    }
    quoted = null;
    int count = 0;
    int start = 0;
    int n = line.length();
    while (true) {
      int end = line.indexOf(';', start);
      if (end < 0) {
        end = n;
      }
      if (count == from.length) {
        from = Arrays.copyOf(from, count * 2);
        to = Arrays.copyOf(to, count * 2);
      }
      int f = start;
      int t = end;
      while (f < t && line.charAt(f) <= ' ') {
        f++;
      }
      while (t > f && line.charAt(t - 1) <= ' ') {
        t--;
      }
      from[count] = f;
      to[count] = t;
      count++;
      if (end == n) {
        return count;
      }
      start = end + 1;
    }
  }

  /** The String that holds field {@code i}. */
  String text(int i) {
    return quoted == null ? line : quoted.get(i);
  }

  /** Where field {@code i} starts in {@link #text(int)} (after leading whitespace). */
  int from(int i) {
    return quoted == null ? from[i] : 0;
  }

  /** Where field {@code i} ends in {@link #text(int)} (before trailing whitespace). */
  int to(int i) {
    return quoted == null ? to[i] : quoted.get(i).length();
  }
}
