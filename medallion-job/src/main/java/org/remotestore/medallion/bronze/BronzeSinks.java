package org.remotestore.medallion.bronze;

import java.nio.charset.Charset;
import org.apache.flink.core.fs.Path;
import org.remotestore.medallion.StationDayPartitioner;
import org.remotestore.meteoswiss.MeasurementRow;
import org.remotestore.meteoswiss.RejectedRow;
import org.remotestore.sink.CsvSinks;
import org.remotestore.sink.MeteredFileSink;

/**
 * The bronze layer: the raw CSV lines of the feed exactly as received, and a rejects area for
 * quarantined lines with the reason. MeteoSwiss rows mapped onto the generic {@link CsvSinks}.
 *
 * <p>Rows go to {@code <base>/station_abbr=<ABBR>/date=<yyyy-MM-dd>/part-*.csv}; every part file
 * starts with the header of the feed file its lines came from, and lines are re-encoded in
 * Windows-1252, the feed's encoding, so the bytes equal the feed's. Rejects go to {@code
 * <base>/date=<yyyy-MM-dd>/} (processing date, UTC) with the header {@value #REJECTS_HEADER}.
 *
 * <p>Both sinks roll on checkpoints only and commit exactly once; in-progress files are hidden
 * ({@code .part-...inprogress...}) until committed. Any Flink path works: {@code rs://}, {@code
 * file://}, or Flink's own {@code s3://}.
 */
public final class BronzeSinks {
  /** The encoding of the MeteoSwiss feed, used for bronze files. */
  public static final Charset FEED_CHARSET = Charset.forName("windows-1252");

  /** The header of rejects part files. */
  public static final String REJECTS_HEADER = "source_file;line_number;reason;detail;raw_line";

  /** A sink for measurement rows that carry their raw line and header (the parser's default). */
  public static MeteredFileSink<MeasurementRow> rows(Path base) {
    return CsvSinks.headerPerPart(
        base,
        row -> StationDayPartitioner.partition(row.station(), row.referenceTimestamp()),
        BronzeSinks::requireHeader,
        BronzeSinks::requireRawLine,
        FEED_CHARSET);
  }

  /** A sink for rejected lines, one CSV line each with the reason. */
  public static MeteredFileSink<RejectedRow> rejects(Path base) {
    return CsvSinks.byProcessingDay(base, REJECTS_HEADER, BronzeSinks::rejectLine, FEED_CHARSET);
  }

  /** The CSV line of a rejected row: fields separated by {@code ;}, quoted where needed. */
  static String rejectLine(RejectedRow row) {
    return CsvSinks.join(
        ';',
        row.sourceFile(),
        Long.toString(row.lineNumber()),
        String.valueOf(row.reason()),
        row.detail(),
        row.rawLine());
  }

  private static String requireHeader(MeasurementRow row) {
    if (row.header() == null) {
      throw new IllegalArgumentException(
          "Bronze needs the header of the source file, but the row from "
              + row.sourceFile()
              + " line "
              + row.lineNumber()
              + " has none (parse with raw lines kept)");
    }
    return row.header();
  }

  private static String requireRawLine(MeasurementRow row) {
    if (row.rawLine() == null) {
      throw new IllegalArgumentException(
          "Bronze needs the raw line, but the row from "
              + row.sourceFile()
              + " line "
              + row.lineNumber()
              + " has none (parse with raw lines kept)");
    }
    return row.rawLine();
  }

  private BronzeSinks() {}
}
