package org.remotestore.meteoswiss;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one line of a MeteoSwiss CSV file on {@code ;}. Fields may be quoted with {@code "} (then
 * they may contain {@code ;}, and {@code ""} stands for one quote); surrounding whitespace of a
 * field is removed.
 */
final class CsvFields {

  private CsvFields() {}

  static List<String> split(String line) {
    List<String> fields = new ArrayList<>(32);
    if (line.indexOf('"') < 0) {
      int start = 0;
      while (true) {
        int end = line.indexOf(';', start);
        if (end < 0) {
          fields.add(line.substring(start).trim());
          return fields;
        }
        fields.add(line.substring(start, end).trim());
        start = end + 1;
      }
    }
    StringBuilder current = new StringBuilder();
    boolean quoted = false;
    int i = 0;
    int n = line.length();
    while (i < n) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < n && line.charAt(i + 1) == '"') {
            current.append('"');
            i += 2;
            continue;
          }
          quoted = false;
        } else {
          current.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ';') {
        fields.add(current.toString().trim());
        current.setLength(0);
      } else {
        current.append(c);
      }
      i++;
    }
    fields.add(current.toString().trim());
    return fields;
  }
}
