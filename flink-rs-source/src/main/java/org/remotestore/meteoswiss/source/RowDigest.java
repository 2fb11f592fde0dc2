package org.remotestore.meteoswiss.source;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;
import org.remotestore.meteoswiss.MeasurementRow;

/**
 * What the source remembers of an emitted row inside the revision window: a 64-bit hash of its
 * values and how many times it was emitted as a correction.
 *
 * @param contentHash hash of the present parameter values (code and value), independent of column
 *     order, provenance and missing values
 * @param revision 0 for the first emission, n after the n-th correction
 */
public record RowDigest(long contentHash, int revision) implements Serializable {

  /**
   * The content hash of a row. Only present values count, sorted by code, so a column that is
   * added, moved or dropped while empty does not make a row look changed.
   */
  public static long contentHash(MeasurementRow row) {
    long h = 0xcbf29ce484222325L;
    for (Map.Entry<String, Double> e : new TreeMap<>(row.values()).entrySet()) {
      String code = e.getKey();
      for (int i = 0; i < code.length(); i++) {
        h = (h ^ code.charAt(i)) * 0x100000001b3L;
      }
      h = (h ^ '=') * 0x100000001b3L;
      long bits = Double.doubleToLongBits(e.getValue() + 0.0);
      for (int shift = 0; shift < 64; shift += 8) {
        h = (h ^ ((bits >>> shift) & 0xff)) * 0x100000001b3L;
      }
      h = (h ^ ';') * 0x100000001b3L;
    }
    return h;
  }
}
