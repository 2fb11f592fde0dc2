package org.remotestore.meteoswiss;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Parser for the MeteoSwiss station CSV files ({@code ogd-smn_<abbr>_<g>_<period>.csv}).
 *
 * <p>What it handles: {@code ;} separator, Windows-1252 decoding, LF or CRLF, optional quotes,
 * gzip-compressed bodies (detected by their magic bytes), a header that drives the column mapping
 * (names matched case-insensitively, so columns may appear, vanish or move between files), {@code
 * dd.MM.yyyy HH:mm} UTC timestamps, empty field = missing value, decimal point.
 *
 * <p>It streams: {@link #open(InputStream, String)} returns a {@link MeasurementReader} that reads
 * one line at a time. Each data line becomes a {@link MeasurementRow} or a {@link RejectedRow} with
 * the reason (wrong field count, bad timestamp, wrong station, non-numeric value, ...). Content
 * problems never throw; only I/O errors of the stream do.
 *
 * <p>Projection: when {@link Builder#parameters(Collection)} is set, only those parameter columns
 * are converted to numbers; others are ignored (and not validated).
 *
 * <p>Instances are immutable, thread-safe and serializable, so a configured parser can be shipped
 * to Flink tasks.
 *
 * <pre>{@code
 * MeteoSwissCsvParser parser = MeteoSwissCsvParser.builder()
 *     .parameters(List.of("tre200s0", "rre150z0"))
 *     .build();
 * try (MeasurementReader reader = parser.open(in, "ber/ogd-smn_ber_t_now.csv")) {
 *   for (ParsedLine line = reader.next(); line != null; line = reader.next()) {
 *     if (line instanceof MeasurementRow row) { ... } else { ... (RejectedRow) line ... }
 *   }
 * }
 * }</pre>
 */
public final class MeteoSwissCsvParser implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Default limit of one line's length in bytes. */
  public static final int DEFAULT_MAX_LINE_LENGTH = 64 * 1024;

  private final Granularity granularity;
  private final String expectedStation;
  private final boolean checkStation;
  private final Set<String> parameters;
  private final boolean keepRawLine;
  private final boolean keepHeader;
  private final boolean rejectUnterminatedLastLine;
  private final int maxLineLength;

  private MeteoSwissCsvParser(Builder b) {
    this.granularity = b.granularity;
    this.expectedStation =
        b.expectedStation == null ? null : b.expectedStation.trim().toUpperCase(Locale.ROOT);
    this.checkStation = b.checkStation;
    this.parameters = b.parameters == null ? null : Set.copyOf(b.parameters);
    this.keepRawLine = b.keepRawLine;
    this.keepHeader = b.keepHeader;
    this.rejectUnterminatedLastLine = b.rejectUnterminatedLastLine;
    this.maxLineLength = b.maxLineLength;
  }

  /** A parser with all defaults: all parameters, raw lines and header kept. */
  public static MeteoSwissCsvParser defaults() {
    return builder().build();
  }

  /** Starts configuring a parser. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Opens a streaming reader over one file body.
   *
   * <p>The granularity is the configured one or, if none was set, taken from the file name in
   * {@code sourceFile}; likewise the expected station (when station checking is on).
   *
   * @param in the body (plain or gzip); closed when the reader is closed
   * @param sourceFile the feed path or name of the file, recorded in every row
   * @throws IllegalArgumentException when no granularity is configured and {@code sourceFile} is
   *     not a feed file name
   * @throws IOException when the stream cannot be read
   */
  public MeasurementReader open(InputStream in, String sourceFile) throws IOException {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(sourceFile, "sourceFile");
    Granularity g = granularity;
    String station = expectedStation;
    if (g == null || (checkStation && station == null)) {
      FeedFile file = null;
      try {
        file = FeedFile.parse(sourceFile);
      } catch (IllegalArgumentException e) {
        if (g == null) {
          throw new IllegalArgumentException(
              "Cannot tell the granularity of '"
                  + sourceFile
                  + "': not a feed file name and no granularity configured",
              e);
        }
      }
      if (file != null) {
        g = g == null ? file.granularity() : g;
        station = station == null ? file.station() : station;
      }
    }
    return new MeasurementReader(
        new LineSource(in, maxLineLength), sourceFile, g, checkStation ? station : null, this);
  }

  /**
   * Parses a whole body into lists. Convenient for small files and tests; use {@link #open} for
   * streaming.
   */
  public ParseResult parseAll(InputStream in, String sourceFile) throws IOException {
    List<MeasurementRow> rows = new ArrayList<>();
    List<RejectedRow> rejected = new ArrayList<>();
    try (MeasurementReader reader = open(in, sourceFile)) {
      for (ParsedLine line = reader.next(); line != null; line = reader.next()) {
        if (line instanceof MeasurementRow row) {
          rows.add(row);
        } else {
          rejected.add((RejectedRow) line);
        }
      }
      return new ParseResult(
          sourceFile, reader.headerLine(), reader.columns(), rows, rejected, reader.linesRead());
    }
  }

  /** The requested parameter codes (lower case), or {@code null} for all columns. */
  public Set<String> parameters() {
    return parameters;
  }

  boolean keepRawLine() {
    return keepRawLine;
  }

  boolean keepHeader() {
    return keepHeader;
  }

  boolean rejectUnterminatedLastLine() {
    return rejectUnterminatedLastLine;
  }

  /** Configures a {@link MeteoSwissCsvParser}. */
  public static final class Builder {
    private Granularity granularity;
    private String expectedStation;
    private boolean checkStation = true;
    private Set<String> parameters;
    private boolean keepRawLine = true;
    private boolean keepHeader = true;
    private boolean rejectUnterminatedLastLine;
    private int maxLineLength = DEFAULT_MAX_LINE_LENGTH;

    private Builder() {}

    /** Fixes the granularity instead of deriving it from the file name. */
    public Builder granularity(Granularity granularity) {
      this.granularity = granularity;
      return this;
    }

    /**
     * Rows whose {@code station_abbr} differs (case-insensitively) are rejected. Default: the
     * station of the file name, when the source is a feed file.
     */
    public Builder expectedStation(String station) {
      this.expectedStation = station;
      return this;
    }

    /** Turns the station check off or on (default on). */
    public Builder checkStation(boolean check) {
      this.checkStation = check;
      return this;
    }

    /**
     * Projection: only these parameter codes (case-insensitive) are parsed; {@code null} (default)
     * parses every column.
     */
    public Builder parameters(Collection<String> codes) {
      if (codes == null) {
        this.parameters = null;
      } else {
        Set<String> set = new LinkedHashSet<>();
        for (String c : codes) {
          set.add(c.trim().toLowerCase(Locale.ROOT));
        }
        this.parameters = set;
      }
      return this;
    }

    /** Whether rows carry their raw line (default true; the bronze layer needs it). */
    public Builder keepRawLine(boolean keep) {
      this.keepRawLine = keep;
      return this;
    }

    /** Whether rows carry the header line of their file (default true). */
    public Builder keepHeader(boolean keep) {
      this.keepHeader = keep;
      return this;
    }

    /**
     * Rejects a last line without line terminator as {@link RejectReason#TRUNCATED} (default
     * false). Turn it on when a body may be cut short: a cut inside a number is otherwise
     * undetectable.
     */
    public Builder rejectUnterminatedLastLine(boolean reject) {
      this.rejectUnterminatedLastLine = reject;
      return this;
    }

    /** Maximum bytes of a line; longer lines are rejected (default 64 KiB). */
    public Builder maxLineLength(int bytes) {
      if (bytes < 64) {
        throw new IllegalArgumentException("maxLineLength must be >= 64, got " + bytes);
      }
      this.maxLineLength = bytes;
      return this;
    }

    /** Builds the immutable parser. */
    public MeteoSwissCsvParser build() {
      return new MeteoSwissCsvParser(this);
    }
  }
}
