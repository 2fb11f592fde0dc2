package org.remotestore.meteoswiss;

import java.io.Serializable;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The values of one parsed row as an unmodifiable map: the parameter codes of the file's header are
 * shared by every row of the file ({@link Columns}), a row holds one {@code double} per column, NaN
 * where the field was empty (NaN is never a value, see {@link MeasurementRow.Builder#value}).
 * Iterates in column order over the present values only, as the builder's map does; equal to (and
 * with the same hash code as) any map with the same entries.
 */
final class ParameterValues extends AbstractMap<String, Double> implements Serializable {

  private static final long serialVersionUID = 1L;

  /** The value columns of one file: codes in column order and an index by code. */
  static final class Columns implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String[] codes;
    private final Map<String, Integer> index;

    Columns(String[] codes) {
      this.codes = codes.clone();
      Map<String, Integer> byCode = new HashMap<>();
      for (int i = 0; i < this.codes.length; i++) {
        byCode.put(this.codes[i], i);
      }
      this.index = byCode;
    }

    int size() {
      return codes.length;
    }
  }

  private final Columns columns;
  private final double[] values;
  private final int present;

  /**
   * Takes ownership of {@code values} (one per column, NaN = missing, otherwise finite).
   *
   * @param present how many of {@code values} are not NaN
   */
  ParameterValues(Columns columns, double[] values, int present) {
    this.columns = columns;
    this.values = values;
    this.present = present;
  }

  @Override
  public int size() {
    return present;
  }

  @Override
  public boolean isEmpty() {
    return present == 0;
  }

  @Override
  public Double get(Object code) {
    Integer i = columns.index.get(code);
    if (i == null) {
      return null;
    }
    double v = values[i];
    return Double.isNaN(v) ? null : v;
  }

  @Override
  public boolean containsKey(Object code) {
    Integer i = columns.index.get(code);
    return i != null && !Double.isNaN(values[i]);
  }

  /** Calls {@code visitor} with every present value in column order, unboxed. */
  void forEachPresent(MeasurementRow.ValueVisitor visitor) {
    String[] codes = columns.codes;
    for (int i = 0; i < values.length; i++) {
      double v = values[i];
      if (!Double.isNaN(v)) {
        visitor.accept(codes[i], v);
      }
    }
  }

  @Override
  public Set<Entry<String, Double>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Entry<String, Double>> iterator() {
        return new Iterator<>() {
          private int next = advance(0);

          private int advance(int from) {
            int i = from;
            while (i < values.length && Double.isNaN(values[i])) {
              i++;
            }
            return i;
          }

          @Override
          public boolean hasNext() {
            return next < values.length;
          }

          @Override
          public Entry<String, Double> next() {
            if (next >= values.length) {
              throw new NoSuchElementException();
            }
            Entry<String, Double> e = new SimpleImmutableEntry<>(columns.codes[next], values[next]);
            next = advance(next + 1);
            return e;
          }
        };
      }

      @Override
      public int size() {
        return present;
      }
    };
  }
}
