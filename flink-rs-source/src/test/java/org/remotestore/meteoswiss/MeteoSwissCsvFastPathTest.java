package org.remotestore.meteoswiss;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The parser's fast paths (bulk decoding, fields as ranges of the line, numbers and timestamps read
 * in place, rows sharing their column codes) give exactly what the plain way gives: splitting into
 * Strings, {@link Double#parseDouble} and {@link FeedTimestamps#parse}, line by line.
 */
class MeteoSwissCsvFastPathTest {

  private static final String FILE = "ber/ogd-smn_ber_t_now.csv";
  private static final Charset CP1252 = Charset.forName("windows-1252");

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0",
        "-0",
        "+0",
        "-0.0",
        "1",
        "-1",
        "+1.5",
        ".5",
        "-.5",
        "5.",
        "21.4",
        "-12.25",
        "0.1",
        "0.3",
        "1013.25",
        "999999999999999999",
        "9007199254740993",
        "9007199254740992",
        "123456789012345678901234",
        "0.12345678901234567890123456",
        "1e3",
        "-2.5E-3",
        "1E+400",
        "4.9e-325",
        "00012.500",
        "3.141592653589793",
        "0.000000000000000000001",
        "0.0000000000000000000001"
      })
  void numbersAreTheDoublesOfParseDouble(String text) {
    String padded = "x;" + text + ";y";
    double fast = Decimals.parse(padded, 2, 2 + text.length());
    assertThat(Double.doubleToRawLongBits(fast))
        .as(text)
        .isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(text)));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "-",
        "+",
        ".",
        "-.",
        "1.2.3",
        "1e",
        "1e+",
        "NaN",
        "Infinity",
        "1,5",
        "0x10",
        "1d",
        "1f",
        "12a",
        "a12",
        "--1",
        "1-",
        "1 2",
        "e5"
      })
  void nonNumbersAreRecognisedAsTheOldCheckDid(String text) {
    assertThat(MeasurementReader.isDecimal(text)).isFalse();
    assertThat(Decimals.parse(text, 0, text.length())).isNaN();
  }

  @Test
  void randomNumbersMatchParseDouble() {
    Random random = new Random(42);
    for (int i = 0; i < 200_000; i++) {
      String text =
          switch (i % 4) {
            case 0 -> Double.toString(random.nextGaussian() * 1000);
            case 1 -> String.format(Locale.ROOT, "%.1f", random.nextDouble() * 2000 - 1000);
            case 2 -> Long.toString(random.nextLong() >> random.nextInt(64));
            default ->
                String.format(Locale.ROOT, "%." + random.nextInt(20) + "f", random.nextDouble());
          };
      assertThat(Decimals.parse(text, 0, text.length()))
          .as(text)
          .isEqualTo(Double.parseDouble(text));
    }
  }

  @Test
  void placeholdersMissingValuesAndOutOfRangeNumbers() throws IOException {
    ParseResult r =
        parse(
            "station_abbr;reference_timestamp;tre200s0;ure200s0\r\n"
                + "BER;01.06.2024 12:00;;\r\n"
                + "BER;01.06.2024 12:10;-;55\r\n"
                + "BER;01.06.2024 12:20; 21.5 ;\t\r\n"
                + "BER;01.06.2024 12:30;1e999;1\r\n"
                + "BER;30.02.2024 12:40;1;1\r\n"
                + "BER;01.06.2024 24:00;1;1\r\n"
                + "BER;1.6.2024 12:50;1;1\r\n",
            MeteoSwissCsvParser.defaults());
    assertThat(r.rows()).hasSize(2);
    assertThat(r.rows().get(0).values()).isEmpty();
    assertThat(r.rows().get(0).rawLine()).isEqualTo("BER;01.06.2024 12:00;;");
    assertThat(r.rows().get(1).values()).containsExactly(Map.entry("tre200s0", 21.5));
    assertThat(r.rejected())
        .extracting(RejectedRow::reason)
        .containsExactly(
            RejectReason.NON_NUMERIC,
            RejectReason.NON_NUMERIC,
            RejectReason.BAD_TIMESTAMP,
            RejectReason.BAD_TIMESTAMP,
            RejectReason.BAD_TIMESTAMP);
    assertThat(r.rejected().get(0).detail()).contains("tre200s0").contains("'-'");
    assertThat(r.rejected().get(1).detail()).contains("'1e999'").contains("range");
    assertThat(r.rejected().get(2).detail())
        .isEqualTo(failure("30.02.2024 12:40"))
        .contains("30.02.2024 12:40");
    assertThat(r.rejected().get(3).detail()).isEqualTo(failure("01.06.2024 24:00"));
    assertThat(r.rejected().get(4).detail()).isEqualTo(failure("1.6.2024 12:50"));
  }

  @Test
  void stationsAreUpperCasedAndCheckedWhateverTheirSpelling() throws IOException {
    ParseResult r =
        parse(
            "station_abbr;reference_timestamp;tre200s0\n"
                + "ber;01.06.2024 12:00;1\n"
                + " Ber ;01.06.2024 12:10;2\n"
                + "BER;01.06.2024 12:20;3\n"
                + "BERN;01.06.2024 12:30;4\n"
                + ";01.06.2024 12:40;5\n",
            MeteoSwissCsvParser.defaults());
    assertThat(r.rows()).extracting(MeasurementRow::station).containsExactly("BER", "BER", "BER");
    assertThat(r.rejected())
        .extracting(RejectedRow::reason)
        .containsExactly(RejectReason.WRONG_STATION, RejectReason.WRONG_STATION);
    ParseResult any =
        parse(
            "station_abbr;reference_timestamp;tre200s0\nabo;01.06.2024 12:00;1\nABO;01.06.2024 12:10;1\n"
                + "Ber;01.06.2024 12:20;1\n",
            MeteoSwissCsvParser.builder().checkStation(false).build());
    assertThat(any.rows()).extracting(MeasurementRow::station).containsExactly("ABO", "ABO", "BER");
  }

  @Test
  void parsedRowsEqualBuiltRowsAndSurviveJavaSerialization() throws Exception {
    MeasurementRow parsed =
        parse(
                "station_abbr;reference_timestamp;tre200s0;ure200s0;rre150z0\n"
                    + "BER;01.06.2024 12:10;21.4;;0\n",
                MeteoSwissCsvParser.builder().keepRawLine(false).keepHeader(false).build())
            .rows()
            .get(0);
    MeasurementRow built =
        MeasurementRow.builder("BER", Instant.parse("2024-06-01T12:10:00Z"), Granularity.T)
            .value("tre200s0", 21.4)
            .value("rre150z0", 0.0)
            .source(FILE, 2)
            .build();
    assertThat(parsed).isEqualTo(built).hasSameHashCodeAs(built);
    assertThat(built).isEqualTo(parsed);
    assertThat(parsed.values()).isEqualTo(Map.of("tre200s0", 21.4, "rre150z0", 0.0));
    assertThat(parsed.values().get("ure200s0")).isNull();
    assertThat(parsed.values().containsKey("ure200s0")).isFalse();
    assertThat(parsed.values().keySet()).containsExactly("tre200s0", "rre150z0");
    assertThat(parsed.withRevision(2).values()).isEqualTo(parsed.values());
    // the unboxed visit gives the map's entries, in column order, for parsed and built rows
    for (MeasurementRow row : List.of(parsed, built)) {
      Map<String, Double> visited = new LinkedHashMap<>();
      row.forEachValue(visited::put);
      assertThat(visited).isEqualTo(Map.of("tre200s0", 21.4, "rre150z0", 0.0));
      assertThat(visited.keySet()).containsExactly("tre200s0", "rre150z0");
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(parsed);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      assertThat(in.readObject()).isEqualTo(parsed);
    }
  }

  /**
   * A generated body with every shape the feed may have (missing values, quotes, blanks, CRLF,
   * Windows-1252 letters, lines longer than the decoding buffer, lines across buffer ends), read
   * whole, one byte per read and in random pieces: always the rows of the plain way.
   */
  @Test
  void everyShapeOfLineGivesTheRowsOfThePlainWay() throws IOException {
    Random random = new Random(7);
    String header = "station_abbr;reference_timestamp;tre200s0;ure200s0;rre150z0;Name;fu3010z1\r\n";
    StringBuilder body = new StringBuilder(header);
    Instant t = Instant.parse("2024-02-27T00:00:00Z");
    for (int i = 0; i < 6000; i++, t = t.plusSeconds(600)) {
      String ts = FeedTimestamps.format(t);
      String[] v = new String[4];
      for (int c = 0; c < v.length; c++) {
        int kind = random.nextInt(10);
        v[c] =
            kind == 0
                ? ""
                : kind == 1
                    ? " " + random.nextInt(100) + " "
                    : kind == 2
                        ? "\"" + random.nextInt(1000) / 10.0 + "\""
                        : Double.toString(random.nextGaussian() * 100);
      }
      String name =
          i % 500 == 0
              ? "Zürich € " + "x".repeat(70_000)
              : i % 3 == 0 ? "\"a;\"\"b\"\"\"" : "Oberägeri";
      body.append(i % 2 == 0 ? "BER" : "ber").append(';').append(ts);
      body.append(';').append(v[0]).append(';').append(v[1]).append(';').append(v[2]);
      body.append(';').append(name).append(';').append(v[3]);
      body.append(i % 4 == 0 ? "\r\n" : "\n");
      if (i % 1000 == 0) {
        body.append("\n");
      }
    }
    byte[] cp1252 = body.toString().getBytes(CP1252);
    MeteoSwissCsvParser parser =
        MeteoSwissCsvParser.builder()
            .maxLineLength(200_000)
            .parameters(List.of("tre200s0", "ure200s0", "rre150z0", "fu3010z1"))
            .build();
    List<MeasurementRow> expected = plainWay(body.toString(), parser);
    assertThat(expected).hasSize(6000);
    for (int mode = 0; mode < 3; mode++) {
      InputStream in = pieces(new ByteArrayInputStream(cp1252), mode, random);
      ParseResult r = parser.parseAll(in, FILE);
      assertThat(r.rejected()).isEmpty();
      assertThat(r.rows()).as("mode " + mode).isEqualTo(expected);
    }
    ByteArrayOutputStream utf8 = new ByteArrayOutputStream();
    utf8.write(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf});
    utf8.write(body.toString().getBytes(StandardCharsets.UTF_8));
    try (MeasurementReader reader =
        parser.open(pieces(new ByteArrayInputStream(utf8.toByteArray()), 1, random), FILE)) {
      List<MeasurementRow> rows = new ArrayList<>();
      for (ParsedLine line = reader.next(); line != null; line = reader.next()) {
        rows.add((MeasurementRow) line);
      }
      assertThat(rows).isEqualTo(expected);
      assertThat(reader.bytesRead()).isEqualTo(utf8.size());
    }
  }

  /**
   * Values as a double's text (17 to 19 digits), short decimals with and without a point,
   * negatives, integers, empty and blank fields, quoted values (one holding a {@code ;} in an
   * ignored column), a station with a Windows-1252 umlaut, LF and CRLF: read whole, one byte per
   * read (every line across buffer ends) and in random pieces, always the rows of the plain way; a
   * rejected line keeps its raw text and names its field.
   */
  @Test
  void longValuesQuotesAndUmlautsGiveTheRowsOfThePlainWayInEveryPiece() throws IOException {
    Random random = new Random(15);
    StringBuilder body =
        new StringBuilder("station_abbr;reference_timestamp;tre200s0;Name;ure200s0\n");
    Instant t = Instant.parse("2025-12-31T20:00:00Z");
    for (int i = 0; i < 3000; i++, t = t.plusSeconds(600)) {
      String[] v = new String[2];
      for (int c = 0; c < v.length; c++) {
        v[c] =
            switch (random.nextInt(8)) {
              case 0 -> "";
              case 1 -> " \t";
              case 2 -> Double.toString(((i * 31 + c * 17) % 20000) / 10.0 - 500);
              case 3 -> "\"" + (random.nextInt(2000) - 1000) / 10.0 + "\"";
              case 4 -> Long.toString(random.nextLong() >>> random.nextInt(1, 64));
              case 5 -> "-0." + Long.toUnsignedString(random.nextLong()).substring(1);
              case 6 -> Integer.toString(random.nextInt(2000) - 1000);
              default -> String.format(Locale.ROOT, "%.1f", random.nextGaussian() * 20);
            };
      }
      String note = i % 7 == 0 ? "\"a;b\"" : "Güttingen";
      body.append(i % 2 == 0 ? "Zür" : "ZÜR").append(';').append(FeedTimestamps.format(t));
      body.append(';').append(v[0]).append(';').append(note).append(';').append(v[1]);
      body.append(i % 3 == 0 ? "\r\n" : "\n");
    }
    MeteoSwissCsvParser parser =
        MeteoSwissCsvParser.builder()
            .checkStation(false)
            .parameters(List.of("tre200s0", "ure200s0"))
            .build();
    List<MeasurementRow> expected = plainWay(body.toString(), parser);
    assertThat(expected).hasSize(3000);
    assertThat(expected.get(0).station()).isEqualTo("ZÜR");
    byte[] cp1252 = body.toString().getBytes(CP1252);
    for (int mode = 0; mode < 3; mode++) {
      ParseResult r = parser.parseAll(pieces(new ByteArrayInputStream(cp1252), mode, random), FILE);
      assertThat(r.rejected()).isEmpty();
      assertThat(r.rows()).as("mode " + mode).isEqualTo(expected);
    }
    ParseResult bad =
        parse(
            "station_abbr;reference_timestamp;tre200s0;ure200s0\r\n"
                + "BER;01.06.2024 12:00;\"x;y\";1\r\n"
                + "BER;01.06.2024 12:10;-12.299999999999955;\"-0.5\"\r\n",
            MeteoSwissCsvParser.defaults());
    assertThat(bad.rejected()).hasSize(1);
    assertThat(bad.rejected().get(0).rawLine()).isEqualTo("BER;01.06.2024 12:00;\"x;y\";1");
    assertThat(bad.rejected().get(0).detail()).contains("tre200s0").contains("'x;y'");
    assertThat(bad.rows().get(0).values())
        .containsExactly(Map.entry("tre200s0", -12.299999999999955), Map.entry("ure200s0", -0.5));
    assertThat(bad.rows().get(0).rawLine())
        .isEqualTo("BER;01.06.2024 12:10;-12.299999999999955;\"-0.5\"");
  }

  /** The plain way: one String per line and per field, parseDouble, FeedTimestamps.parse. */
  private static List<MeasurementRow> plainWay(String body, MeteoSwissCsvParser parser) {
    String[] lines = body.split("\n", -1);
    String header = lines[0].replace("\r", "");
    List<String> columns = new ArrayList<>();
    for (String name : CsvFields.split(header)) {
      columns.add(name.toLowerCase(Locale.ROOT));
    }
    List<MeasurementRow> rows = new ArrayList<>();
    for (int n = 1; n < lines.length; n++) {
      String line =
          lines[n].endsWith("\r") ? lines[n].substring(0, lines[n].length() - 1) : lines[n];
      if (line.isBlank()) {
        continue;
      }
      List<String> fields = CsvFields.split(line);
      Map<String, Double> values = new LinkedHashMap<>();
      for (int c = 2; c < columns.size(); c++) {
        String f = fields.get(c);
        if (!f.isEmpty() && !columns.get(c).equals("name")) {
          values.put(columns.get(c), Double.parseDouble(f));
        }
      }
      rows.add(
          MeasurementRow.builder(
                  fields.get(0).toUpperCase(Locale.ROOT),
                  FeedTimestamps.parse(fields.get(1)),
                  Granularity.T)
              .values(values)
              .source(FILE, n + 1)
              .rawLine(parser.keepRawLine() ? line : null)
              .header(parser.keepHeader() ? header : null)
              .build());
    }
    return rows;
  }

  /** Whole reads (0), one byte per read (1), or random pieces of up to 100 KiB (2). */
  private static InputStream pieces(InputStream in, int mode, Random random) {
    if (mode == 0) {
      return in;
    }
    return new FilterInputStream(in) {
      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int max = mode == 1 ? 1 : 1 + random.nextInt(100_000);
        return super.read(b, off, Math.min(len, max));
      }
    };
  }

  private static String failure(String timestamp) {
    try {
      FeedTimestamps.parse(timestamp);
      throw new AssertionError(timestamp + " parsed");
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  private static ParseResult parse(String body, MeteoSwissCsvParser parser) throws IOException {
    return parser.parseAll(new ByteArrayInputStream(body.getBytes(CP1252)), FILE);
  }
}
