package org.remotestore.meteoswiss;

import java.io.Serializable;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import org.apache.flink.api.common.typeinfo.TypeInfo;
import org.remotestore.meteoswiss.typeinfo.MeasurementRowTypeInfoFactory;

/**
 * One measurement line of a MeteoSwiss station file: the station, the UTC reference timestamp, the
 * granularity, the parameter values by code, a revision number, and (for the bronze layer) the raw
 * line, the header of its file and where it came from.
 *
 * <p>Parameter codes are lower case ({@code tre200s0}); the value map keeps the column order of the
 * file and contains only values that were present (an empty field is absent, never {@code NaN}).
 *
 * <p>{@link #revision()} is 0 for the first publication of a (station, timestamp); a source that
 * sees the same row again with different values emits it with a higher revision number (see {@link
 * #withRevision(int)}).
 *
 * <p>Immutable, with value equality over all fields ({@link #key()} and {@link
 * #withoutProvenance()} help comparing measurements regardless of file and line). Flink serializes
 * it with {@link org.remotestore.meteoswiss.typeinfo.MeasurementRowSerializer}, declared through
 * {@link TypeInfo}, so {@code TypeInformation.of(MeasurementRow.class)} never falls back to Kryo.
 */
@TypeInfo(MeasurementRowTypeInfoFactory.class)
public final class MeasurementRow implements ParsedLine, Serializable {

  private static final long serialVersionUID = 1L;

  /** Identity of a measurement: station, granularity and reference timestamp. */
  public record Key(String station, Granularity granularity, Instant referenceTimestamp)
      implements Serializable {}

  private final String station;
  private final Instant referenceTimestamp;
  private final Granularity granularity;
  private final Map<String, Double> values;
  private final int revision;
  private final String sourceFile;
  private final long lineNumber;
  private final String rawLine;
  private final String header;

  private MeasurementRow(Builder b) {
    this.station = Objects.requireNonNull(b.station, "station");
    this.referenceTimestamp = Objects.requireNonNull(b.referenceTimestamp, "referenceTimestamp");
    this.granularity = Objects.requireNonNull(b.granularity, "granularity");
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(b.values));
    if (b.revision < 0) {
      throw new IllegalArgumentException("revision must be >= 0, got " + b.revision);
    }
    this.revision = b.revision;
    this.sourceFile = b.sourceFile;
    this.lineNumber = b.lineNumber;
    this.rawLine = b.rawLine;
    this.header = b.header;
  }

  /**
   * A row of the parser: {@code values} (already checked: present values finite, codes lower case)
   * is taken as it is, without the builder's copy.
   */
  MeasurementRow(
      String station,
      Instant referenceTimestamp,
      Granularity granularity,
      ParameterValues values,
      String sourceFile,
      long lineNumber,
      String rawLine,
      String header) {
    this.station = station;
    this.referenceTimestamp = referenceTimestamp;
    this.granularity = granularity;
    this.values = values;
    this.revision = 0;
    this.sourceFile = sourceFile;
    this.lineNumber = lineNumber;
    this.rawLine = rawLine;
    this.header = header;
  }

  /** Starts a row for a station, timestamp and granularity. */
  public static Builder builder(String station, Instant referenceTimestamp, Granularity g) {
    return new Builder(station, referenceTimestamp, g);
  }

  /** A builder pre-filled with every field of this row. */
  public Builder toBuilder() {
    Builder b = new Builder(station, referenceTimestamp, granularity);
    b.values.putAll(values);
    b.revision = revision;
    b.sourceFile = sourceFile;
    b.lineNumber = lineNumber;
    b.rawLine = rawLine;
    b.header = header;
    return b;
  }

  /** The station code as written in the file, upper case ({@code BER}). */
  public String station() {
    return station;
  }

  /** The reference timestamp in UTC (interval end for t/h, interval start for d/m/y). */
  public Instant referenceTimestamp() {
    return referenceTimestamp;
  }

  /** The granularity of the file the row came from. */
  public Granularity granularity() {
    return granularity;
  }

  /** Present parameter values by lowercase code, in file column order. Unmodifiable. */
  public Map<String, Double> values() {
    return values;
  }

  /** Receives the present values of a row, one call per parameter. */
  @FunctionalInterface
  public interface ValueVisitor {
    /**
     * One present value.
     *
     * @param code the parameter's lowercase code
     * @param value its value (never NaN)
     */
    void accept(String code, double value);
  }

  /**
   * Calls {@code visitor} for every present value, in file column order, without boxing the values
   * of a parsed row (cheaper than iterating {@link #values()}).
   */
  public void forEachValue(ValueVisitor visitor) {
    if (values instanceof ParameterValues parsed) {
      parsed.forEachPresent(visitor);
    } else {
      values.forEach(
          (code, v) -> {
            if (v != null && !v.isNaN()) {
              visitor.accept(code, v);
            }
          });
    }
  }

  /** The value of a parameter (code matched case-insensitively), empty if missing. */
  public OptionalDouble value(String code) {
    Double v = values.get(code.toLowerCase(Locale.ROOT));
    return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
  }

  /** The value of a parameter or {@code null} if missing (convenient for SQL rows). */
  public Double valueOrNull(String code) {
    return values.get(code.toLowerCase(Locale.ROOT));
  }

  /** 0 for a first publication, n for the n-th corrected version of the same measurement. */
  public int revision() {
    return revision;
  }

  /** True when this row corrects an already emitted row ({@code revision() > 0}). */
  public boolean isRevision() {
    return revision > 0;
  }

  /** The file the row came from (feed path), or {@code null} if it was built without one. */
  @Override
  public String sourceFile() {
    return sourceFile;
  }

  /** 1-based line number in {@link #sourceFile()} (header = 1), 0 if unknown. */
  @Override
  public long lineNumber() {
    return lineNumber;
  }

  /** The decoded line without terminator, or {@code null} if the parser was told not to keep it. */
  public String rawLine() {
    return rawLine;
  }

  /** The header line of the source file, or {@code null} if not kept. */
  public String header() {
    return header;
  }

  /** Station, granularity and timestamp: the identity used for revisions and upserts. */
  public Key key() {
    return new Key(station, granularity, referenceTimestamp);
  }

  /** This row with another revision number. */
  public MeasurementRow withRevision(int newRevision) {
    return newRevision == revision ? this : toBuilder().revision(newRevision).build();
  }

  /**
   * This row with only station, timestamp, granularity, values and revision: source file, line
   * number, raw line and header dropped. Use it to compare measurements from different files.
   */
  public MeasurementRow withoutProvenance() {
    if (sourceFile == null && lineNumber == 0 && rawLine == null && header == null) {
      return this;
    }
    Builder b = new Builder(station, referenceTimestamp, granularity);
    b.values.putAll(values);
    b.revision = revision;
    return b.build();
  }

  /**
   * True when station, timestamp, granularity and values are equal (revision and provenance
   * ignored).
   */
  public boolean sameMeasurement(MeasurementRow other) {
    return station.equals(other.station)
        && referenceTimestamp.equals(other.referenceTimestamp)
        && granularity == other.granularity
        && values.equals(other.values);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof MeasurementRow other)) {
      return false;
    }
    return sameMeasurement(other)
        && revision == other.revision
        && lineNumber == other.lineNumber
        && Objects.equals(sourceFile, other.sourceFile)
        && Objects.equals(rawLine, other.rawLine)
        && Objects.equals(header, other.header);
  }

  @Override
  public int hashCode() {
    return Objects.hash(station, referenceTimestamp, granularity, values, revision, lineNumber);
  }

  @Override
  public String toString() {
    StringBuilder b =
        new StringBuilder("MeasurementRow{")
            .append(station)
            .append(' ')
            .append(granularity)
            .append(' ')
            .append(referenceTimestamp)
            .append(' ')
            .append(values);
    if (revision > 0) {
      b.append(" revision=").append(revision);
    }
    if (sourceFile != null) {
      b.append(" from ").append(sourceFile).append(':').append(lineNumber);
    }
    return b.append('}').toString();
  }

  /** Builds a {@link MeasurementRow}. Not thread-safe. */
  public static final class Builder {
    private final String station;
    private final Instant referenceTimestamp;
    private final Granularity granularity;
    private final LinkedHashMap<String, Double> values = new LinkedHashMap<>();
    private int revision;
    private String sourceFile;
    private long lineNumber;
    private String rawLine;
    private String header;

    private Builder(String station, Instant referenceTimestamp, Granularity granularity) {
      this.station = Objects.requireNonNull(station, "station");
      this.referenceTimestamp = Objects.requireNonNull(referenceTimestamp, "referenceTimestamp");
      this.granularity = Objects.requireNonNull(granularity, "granularity");
    }

    /**
     * Sets a parameter value; the code is stored in lower case. {@code null} removes the value.
     *
     * @throws IllegalArgumentException for NaN or infinite values (missing values are absent)
     */
    public Builder value(String code, Double value) {
      String key = code.toLowerCase(Locale.ROOT);
      if (value == null) {
        values.remove(key);
        return this;
      }
      if (value.isNaN() || value.isInfinite()) {
        throw new IllegalArgumentException(
            "Value of " + key + " must be finite (a missing value is absent), got " + value);
      }
      values.put(key, value);
      return this;
    }

    /** Sets all values of a map (in its iteration order). */
    public Builder values(Map<String, Double> map) {
      map.forEach(this::value);
      return this;
    }

    /** Sets the revision number (0 = first publication). */
    public Builder revision(int revision) {
      this.revision = revision;
      return this;
    }

    /** Sets the source file and line number. */
    public Builder source(String sourceFile, long lineNumber) {
      this.sourceFile = sourceFile;
      this.lineNumber = lineNumber;
      return this;
    }

    /** Sets the raw line (without terminator). */
    public Builder rawLine(String rawLine) {
      this.rawLine = rawLine;
      return this;
    }

    /** Sets the header line of the source file. */
    public Builder header(String header) {
      this.header = header;
      return this;
    }

    /** Builds the immutable row. */
    public MeasurementRow build() {
      return new MeasurementRow(this);
    }
  }
}
