package org.remotestore.medallion.silver;

import java.util.Arrays;

/**
 * What silver's deduplication remembers of one station's day (UTC): for every (reference timestamp,
 * {@code granularity|parameter}) of the day, the value last emitted and its revision. The state of
 * {@link SilverDeduplicator} holds one of these per station and day, so a checkpoint of the {@code
 * hashmap} state backend copies only the days touched since the previous one, and a day is dropped
 * whole once it is old enough.
 *
 * <p>Compact: three parallel arrays sorted by an entry key, {@code (millisecond of the day << 16) |
 * field number}, where the field number indexes the day's own list of field names. An entry takes
 * 20 bytes (a key, a value, a revision) instead of a map node, a tuple and a boxed double; the rows
 * of a station arrive in time order, so an entry is almost always appended. Not thread-safe; copy
 * and serialize with {@link DedupeDaySerializer}.
 */
public final class DedupeDay {
  /** Milliseconds per day. */
  static final long DAY_MILLIS = 86_400_000L;

  private static final int FIELD_BITS = 16;
  private static final int MAX_FIELDS = 1 << FIELD_BITS;
  private static final long[] NO_KEYS = new long[0];
  private static final double[] NO_VALUES = new double[0];
  private static final int[] NO_REVISIONS = new int[0];
  private static final String[] NO_FIELDS = new String[0];

  private String[] fields;
  private int fieldCount;
  private long[] keys;
  private double[] values;
  private int[] revisions;
  private int size;

  /** An empty day. */
  public DedupeDay() {
    this(NO_FIELDS, 0, NO_KEYS, NO_VALUES, NO_REVISIONS, 0);
  }

  DedupeDay(
      String[] fields, int fieldCount, long[] keys, double[] values, int[] revisions, int size) {
    this.fields = fields;
    this.fieldCount = fieldCount;
    this.keys = keys;
    this.values = values;
    this.revisions = revisions;
    this.size = size;
  }

  /** The day (days since 1970-01-01, UTC) of a reference timestamp in epoch milliseconds. */
  public static long dayOf(long timestampMillis) {
    return Math.floorDiv(timestampMillis, DAY_MILLIS);
  }

  /**
   * Records {@code value} for {@code field} at {@code timestampMillis} (which must lie in this day)
   * and returns the revision to emit: 0 for a first value, the previous revision + 1 for a
   * different value, or -1 for an exact repeat of the value last emitted (nothing changes then).
   */
  public int observe(long timestampMillis, String field, double value) {
    long key = key(timestampMillis, field);
    int at = find(key);
    if (at >= 0) {
      if (Double.compare(values[at], value) == 0) {
        return -1;
      }
      values[at] = value;
      return ++revisions[at];
    }
    insert(-at - 1, key, value, 0);
    return 0;
  }

  /**
   * Sets the value and revision remembered for {@code field} at {@code timestampMillis}, as read
   * from an earlier state layout (the last value emitted and its revision).
   */
  public void restore(long timestampMillis, String field, double value, int revision) {
    long key = key(timestampMillis, field);
    int at = find(key);
    if (at >= 0) {
      values[at] = value;
      revisions[at] = revision;
    } else {
      insert(-at - 1, key, value, revision);
    }
  }

  /** The number of remembered (timestamp, field) entries. */
  public int size() {
    return size;
  }

  /** The distinct field names ({@code granularity|parameter}) of the day. */
  public int fieldCount() {
    return fieldCount;
  }

  private long key(long timestampMillis, String field) {
    long offset = Math.floorMod(timestampMillis, DAY_MILLIS);
    return (offset << FIELD_BITS) | fieldNumber(field);
  }

  private int fieldNumber(String field) {
    for (int i = 0; i < fieldCount; i++) {
      if (fields[i] == field) {
        return i;
      }
    }
    for (int i = 0; i < fieldCount; i++) {
      if (fields[i].equals(field)) {
        fields[i] = field; // later lookups of the operator's shared instance hit the first loop
        return i;
      }
    }
    if (fieldCount == MAX_FIELDS) {
      throw new IllegalStateException("more than " + MAX_FIELDS + " fields in one day");
    }
    if (fieldCount == fields.length) {
      fields = Arrays.copyOf(fields, Math.max(4, fieldCount * 2));
    }
    fields[fieldCount] = field;
    return fieldCount++;
  }

  /** The index of {@code key}, or {@code -(insertion point) - 1}. */
  private int find(long key) {
    if (size == 0 || keys[size - 1] < key) {
      return -size - 1; // the common case: a later timestamp or a further field of the last one
    }
    return Arrays.binarySearch(keys, 0, size, key);
  }

  private void insert(int at, long key, double value, int revision) {
    if (size == keys.length) {
      int capacity = Math.max(16, size + (size >> 1));
      keys = Arrays.copyOf(keys, capacity);
      values = Arrays.copyOf(values, capacity);
      revisions = Arrays.copyOf(revisions, capacity);
    }
    if (at < size) {
      System.arraycopy(keys, at, keys, at + 1, size - at);
      System.arraycopy(values, at, values, at + 1, size - at);
      System.arraycopy(revisions, at, revisions, at + 1, size - at);
    }
    keys[at] = key;
    values[at] = value;
    revisions[at] = revision;
    size++;
  }

  /** A copy with arrays of exactly the used length. */
  DedupeDay copy() {
    return new DedupeDay(
        Arrays.copyOf(fields, fieldCount),
        fieldCount,
        Arrays.copyOf(keys, size),
        Arrays.copyOf(values, size),
        Arrays.copyOf(revisions, size),
        size);
  }

  String field(int i) {
    return fields[i];
  }

  long keyAt(int i) {
    return keys[i];
  }

  double valueAt(int i) {
    return values[i];
  }

  int revisionAt(int i) {
    return revisions[i];
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof DedupeDay)) {
      return false;
    }
    DedupeDay d = (DedupeDay) o;
    return size == d.size
        && fieldCount == d.fieldCount
        && Arrays.equals(fields, 0, fieldCount, d.fields, 0, fieldCount)
        && Arrays.equals(keys, 0, size, d.keys, 0, size)
        && Arrays.equals(values, 0, size, d.values, 0, size)
        && Arrays.equals(revisions, 0, size, d.revisions, 0, size);
  }

  @Override
  public int hashCode() {
    int h = 31 * size + fieldCount;
    for (int i = 0; i < size; i++) {
      h = 31 * h + Long.hashCode(keys[i]);
    }
    return h;
  }

  @Override
  public String toString() {
    return "DedupeDay{" + size + " entries, " + fieldCount + " fields}";
  }
}
