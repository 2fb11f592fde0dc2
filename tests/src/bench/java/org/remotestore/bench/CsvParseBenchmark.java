package org.remotestore.bench;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.remotestore.meteoswiss.MeasurementReader;
import org.remotestore.meteoswiss.MeasurementRow;
import org.remotestore.meteoswiss.MeteoSwissCsvParser;
import org.remotestore.meteoswiss.ParsedLine;

/**
 * Priority 6 (JMH, a hot loop): parsing one year of 10-minute MeteoSwiss station data (52 560 lines
 * of the real file layout: the header and 31 columns of {@code ogd-smn_ber_t_historical_*.csv},
 * {@code ;}-separated, Windows-1252) with our {@code MeteoSwissCsvParser} vs Jackson's CSV module
 * on the same bytes. Both end with the same information: each line's station, UTC timestamp and
 * every non-empty value as a double (Jackson splits the fields; the timestamp and number conversion
 * is then done by the benchmark's own code, as a user of Jackson would). Ours also validates the
 * station and keeps the values per parameter.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CsvParseBenchmark {
  static final String HEADER =
      "station_abbr;reference_timestamp;tre200s0;tre005s0;tresurs0;xchills0;ure200s0;tde200s0;"
          + "pva200s0;prestas0;pp0qnhs0;pp0qffs0;ppz850s0;ppz700s0;fkl010z1;fve010z0;fkl010z0;"
          + "dkl010z0;wcc006s0;fu3010z0;fkl010z3;fu3010z1;fu3010z3;rre150z0;htoauts0;gre000z0;"
          + "ods000z0;oli000z0;olo000z0;osr000z0;sre000z0";
  static final int LINES = 365 * 144;
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm");
  private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

  byte[] file;
  MeteoSwissCsvParser ours;
  CsvMapper jackson;
  CsvSchema schema;

  @Setup
  public void setUp() {
    file = yearOfData();
    ours = MeteoSwissCsvParser.defaults();
    jackson = new CsvMapper();
    jackson.enable(CsvParser.Feature.WRAP_AS_ARRAY);
    schema = CsvSchema.emptySchema().withColumnSeparator(';').withSkipFirstDataRow(true);
  }

  /** One year of 10-minute lines for station BER, deterministic; empty fields as in the feed. */
  static byte[] yearOfData() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(LINES * 130);
    StringBuilder line = new StringBuilder(HEADER).append('\n');
    LocalDateTime t = LocalDateTime.of(2025, 1, 1, 0, 0);
    int columns = HEADER.split(";").length;
    for (int i = 0; i < LINES; i++, t = t.plusMinutes(10)) {
      line.append("BER;").append(TIMESTAMP.format(t));
      for (int c = 2; c < columns; c++) {
        line.append(';');
        if ((c * 7 + i) % 5 != 0) { // about a fifth of the values missing
          line.append(((i * 31 + c * 17) % 20000) / 10.0 - 500);
        }
      }
      line.append('\n');
      out.writeBytes(line.toString().getBytes(StandardCharsets.US_ASCII));
      line.setLength(0);
    }
    return out.toByteArray();
  }

  /** Adds up the values of a row, unboxed. */
  private static final class RowSum implements MeasurementRow.ValueVisitor {
    double value;

    @Override
    public void accept(String code, double v) {
      value += v;
    }
  }

  private final RowSum rowSum = new RowSum();

  /** Our parser: returns a checksum of everything parsed. */
  @Benchmark
  public double meteoSwissCsvParser() throws Exception {
    double sum = 0;
    int rows = 0;
    try (MeasurementReader reader =
        ours.open(new ByteArrayInputStream(file), "ber/ogd-smn_ber_t_historical_2020-2029.csv")) {
      for (ParsedLine line = reader.next(); line != null; line = reader.next()) {
        MeasurementRow row = (MeasurementRow) line;
        sum += row.referenceTimestamp().getEpochSecond();
        rowSum.value = 0;
        row.forEachValue(rowSum);
        sum += rowSum.value;
        rows++;
      }
    }
    Workloads.check(rows == LINES, "parsed " + rows);
    return sum;
  }

  /** Jackson's CSV module, fields converted by hand: returns the same kind of checksum. */
  @Benchmark
  public double jacksonCsv() throws Exception {
    double sum = 0;
    int rows = 0;
    try (MappingIterator<String[]> it =
        jackson
            .readerFor(String[].class)
            .with(schema)
            .readValues(new InputStreamReader(new ByteArrayInputStream(file), WINDOWS_1252))) {
      while (it.hasNext()) {
        String[] fields = it.next();
        Instant at = LocalDateTime.parse(fields[1], TIMESTAMP).toInstant(ZoneOffset.UTC);
        sum += at.getEpochSecond();
        for (int c = 2; c < fields.length; c++) {
          if (!fields[c].isEmpty()) {
            sum += Double.parseDouble(fields[c]);
          }
        }
        rows++;
      }
    }
    Workloads.check(rows == LINES, "jackson parsed " + rows);
    return sum;
  }
}
