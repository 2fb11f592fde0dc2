package org.remotestore.meteoswiss;

import java.util.Arrays;
import java.util.List;

/**
 * The fields of one data line as ranges of a char array, reused from line to line: a line without
 * quotes is cut at each {@code ;} in one pass over its chars and its fields stay ranges of those
 * chars (trimmed, nothing copied); a line with quotes goes through {@link CsvFields} and its
 * unquoted fields are copied one after the other into an array of this object. Not thread-safe.
 */
final class LineFields {

  private char[] chars;
  private char[] unquoted = new char[256];
  private int[] from = new int[32];
  private int[] to = new int[32];

  /** Splits the line {@code c[start, end)}; returns its number of fields. */
  int split(char[] c, int start, int end) {
    chars = c;
    int count = 0;
    int fieldStart = start;
    for (int i = start; i <= end; i++) {
      char ch = i < end ? c[i] : ';';
      if (ch == ';') {
        add(count++, c, fieldStart, i);
        fieldStart = i + 1;
      } else if (ch == '"') {
        return splitQuoted(new String(c, start, end - start));
      }
    }
    return count;
  }

  private int splitQuoted(String line) {
    List<String> fields = CsvFields.split(line);
    int length = 0;
    for (String f : fields) {
      length += f.length();
    }
    if (unquoted.length < length) {
      unquoted = new char[Math.max(length, unquoted.length * 2)];
    }
    chars = unquoted;
    int at = 0;
    for (int i = 0; i < fields.size(); i++) {
      String f = fields.get(i);
      f.getChars(0, f.length(), unquoted, at);
      grow(i);
      from[i] = at;
      at += f.length();
      to[i] = at;
    }
    return fields.size();
  }

  private void add(int index, char[] c, int start, int end) {
    grow(index);
    int f = start;
    int t = end;
    while (f < t && c[f] <= ' ') {
      f++;
    }
    while (t > f && c[t - 1] <= ' ') {
      t--;
    }
    from[index] = f;
    to[index] = t;
  }

  private void grow(int index) {
    if (index == from.length) {
      from = Arrays.copyOf(from, index * 2);
      to = Arrays.copyOf(to, index * 2);
    }
  }

  /** The chars that hold the fields of the last line split. */
  char[] chars() {
    return chars;
  }

  /** Where field {@code i} starts in {@link #chars()} (after leading whitespace). */
  int from(int i) {
    return from[i];
  }

  /** Where field {@code i} ends in {@link #chars()} (before trailing whitespace). */
  int to(int i) {
    return to[i];
  }

  /** Field {@code i} as a String. */
  String text(int i) {
    return new String(chars, from[i], to[i] - from[i]);
  }
}
