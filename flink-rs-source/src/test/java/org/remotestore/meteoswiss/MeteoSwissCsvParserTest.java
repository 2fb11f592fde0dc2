package org.remotestore.meteoswiss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class MeteoSwissCsvParserTest {

  private static final String FILE = "ber/ogd-smn_ber_t_now.csv";
  private static final Charset CP1252 = Charset.forName("windows-1252");

  private static ParseResult parse(MeteoSwissCsvParser parser, String body) throws IOException {
    return parser.parseAll(new ByteArrayInputStream(body.getBytes(CP1252)), FILE);
  }

  private static ParseResult parse(String body) throws IOException {
    return parse(MeteoSwissCsvParser.defaults(), body);
  }

  @Test
  void columnsAreMappedByNameCaseInsensitivelyWhateverTheirOrder() throws Exception {
    ParseResult a =
        parse(
            "station_abbr;reference_timestamp;tre200s0;ure200s0\n"
                + "BER;01.06.2024 12:10;21.4;55.1\n");
    ParseResult b =
        parse(
            "URE200S0;Reference_Timestamp;rre150z0;STATION_ABBR;TRE200S0\n"
                + "55.1;01.06.2024 12:10;0.3;ber;21.4\n");
    MeasurementRow ra = a.rows().get(0);
    MeasurementRow rb = b.rows().get(0);
    assertThat(ra.value("tre200s0")).hasValue(21.4);
    assertThat(rb.value("tre200s0")).hasValue(21.4);
    assertThat(rb.value("ure200s0")).hasValue(55.1);
    assertThat(rb.value("rre150z0")).hasValue(0.3);
    assertThat(ra.value("rre150z0")).isEmpty();
    assertThat(rb.station()).isEqualTo("BER");
    assertThat(rb.values().keySet()).containsExactly("ure200s0", "rre150z0", "tre200s0");
    assertThat(b.columns())
        .containsExactly("ure200s0", "reference_timestamp", "rre150z0", "station_abbr", "tre200s0");
  }

  @Test
  void crlfAndLfGiveTheSameRows() throws Exception {
    String lf =
        "station_abbr;reference_timestamp;tre200s0\n"
            + "BER;01.06.2024 12:00;20.0\n"
            + "BER;01.06.2024 12:10;20.5\n";
    ParseResult a = parse(lf);
    ParseResult b = parse(lf.replace("\n", "\r\n"));
    assertThat(b.rows()).hasSize(2);
    assertThat(b.rows().get(1).rawLine()).isEqualTo("BER;01.06.2024 12:10;20.5");
    assertThat(b.rows()).usingElementComparator((x, y) -> x.equals(y) ? 0 : 1).isEqualTo(a.rows());
  }

  @Test
  void emptyFieldsAreMissingAndQuotesAreTolerated() throws Exception {
    ParseResult r =
        parse(
            MeteoSwissCsvParser.builder().parameters(List.of("tre200s0", "ure200s0")).build(),
            "\"station_abbr\";\"reference_timestamp\";\"tre200s0\";\"ure200s0\";\"x\"\n"
                + "\"BER\";\"01.06.2024 12:10\";\"\";\"55\";\"a;b\"\n");
    assertThat(r.rejected()).isEmpty();
    MeasurementRow row = r.rows().get(0);
    assertThat(row.value("tre200s0")).isEmpty();
    assertThat(row.values()).doesNotContainKey("tre200s0");
    assertThat(row.value("ure200s0")).hasValue(55.0);
  }

  @Test
  void timestampsAreUtcIntervalEndForTenMinuteFiles() throws Exception {
    MeasurementRow row =
        parse("station_abbr;reference_timestamp;tre200s0\nBER;31.12.2023 23:50;-3.2\n")
            .rows()
            .get(0);
    assertThat(row.referenceTimestamp()).isEqualTo(Instant.parse("2023-12-31T23:50:00Z"));
    assertThat(row.granularity().intervalStart(row.referenceTimestamp()))
        .isEqualTo(Instant.parse("2023-12-31T23:40:00Z"));
    assertThat(row.value("tre200s0")).hasValue(-3.2);
  }

  @Test
  void granularityAndStationComeFromTheFileName() throws Exception {
    ParseResult r =
        MeteoSwissCsvParser.defaults()
            .parseAll(
                new ByteArrayInputStream(
                    "station_abbr;reference_timestamp;tre200d0\nKLO;01.01.2024 00:00;1.5\nBER;02.01.2024 00:00;1.5\n"
                        .getBytes(CP1252)),
                "klo/ogd-smn_klo_d_recent.csv");
    assertThat(r.rows())
        .singleElement()
        .satisfies(
            row -> {
              assertThat(row.granularity()).isEqualTo(Granularity.D);
              assertThat(row.station()).isEqualTo("KLO");
            });
    assertThat(r.rejected())
        .singleElement()
        .satisfies(
            rej -> {
              assertThat(rej.reason()).isEqualTo(RejectReason.WRONG_STATION);
              assertThat(rej.detail()).contains("'BER'").contains("KLO");
              assertThat(rej.lineNumber()).isEqualTo(3);
            });
    assertThatThrownBy(
            () ->
                MeteoSwissCsvParser.defaults()
                    .open(new ByteArrayInputStream(new byte[0]), "some.csv"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("some.csv");
    assertThat(
            MeteoSwissCsvParser.builder()
                .granularity(Granularity.H)
                .checkStation(false)
                .build()
                .parseAll(
                    new ByteArrayInputStream(
                        "station_abbr;reference_timestamp\nXYZ;01.01.2024 01:00\n"
                            .getBytes(CP1252)),
                    "some.csv")
                .rows())
        .singleElement()
        .extracting(MeasurementRow::granularity)
        .isEqualTo(Granularity.H);
  }

  @Test
  void malformedRowsAreRejectedWithAReasonAndNeverThrow() throws Exception {
    String body =
        "station_abbr;reference_timestamp;tre200s0;ure200s0\n"
            + "BER;01.06.2024 12:00;20.0;50\n"
            + "BER;32.06.2024 12:10;20.0;50\n"
            + "BER;2024-06-01 12:20;20.0;50\n"
            + "LUG;01.06.2024 12:30;20.0;50\n"
            + ";01.06.2024 12:30;20.0;50\n"
            + "BER;01.06.2024 12:40;20.0\n"
            + "BER;01.06.2024 12:40;20.0;50;7\n"
            + "BER;01.06.2024 12:50;abc;50\n"
            + "BER;01.06.2024 12:50;NaN;50\n"
            + "BER;01.06.2024 12:50;20,5;50\n"
            + "BER;01.06.2024 12:50;1e;50\n"
            + "\n"
            + "BER;01.06.2024 13:00;-1.5e1;+50\n";
    ParseResult r = parse(body);
    assertThat(r.rows())
        .extracting(MeasurementRow::referenceTimestamp)
        .containsExactly(
            Instant.parse("2024-06-01T12:00:00Z"), Instant.parse("2024-06-01T13:00:00Z"));
    assertThat(r.rows().get(1).value("tre200s0")).hasValue(-15.0);
    assertThat(r.rejected())
        .extracting(RejectedRow::reason)
        .containsExactly(
            RejectReason.BAD_TIMESTAMP,
            RejectReason.BAD_TIMESTAMP,
            RejectReason.WRONG_STATION,
            RejectReason.WRONG_STATION,
            RejectReason.FIELD_COUNT,
            RejectReason.FIELD_COUNT,
            RejectReason.NON_NUMERIC,
            RejectReason.NON_NUMERIC,
            RejectReason.NON_NUMERIC,
            RejectReason.NON_NUMERIC);
    RejectedRow nonNumeric = r.rejected().get(6);
    assertThat(nonNumeric.detail()).contains("tre200s0").contains("'abc'");
    assertThat(nonNumeric.rawLine()).isEqualTo("BER;01.06.2024 12:50;abc;50");
    assertThat(nonNumeric.sourceFile()).isEqualTo(FILE);
    assertThat(nonNumeric.lineNumber()).isEqualTo(9);
    assertThat(r.rejected().get(4).detail()).contains("expected 4 fields").contains("got 3");
    assertThat(r.rejected().get(0).detail()).contains("32.06.2024 12:10");
    assertThat(r.linesRead()).isEqualTo(14);
  }

  @Test
  void readerCountsRowsRejectsLinesAndBytes() throws Exception {
    String body = "station_abbr;reference_timestamp;tre200s0\nBER;01.06.2024 12:00;1\nBER;x;1\n";
    try (MeasurementReader reader =
        MeteoSwissCsvParser.defaults()
            .open(new ByteArrayInputStream(body.getBytes(CP1252)), FILE)) {
      assertThat(reader.next()).isInstanceOf(MeasurementRow.class);
      assertThat(reader.next()).isInstanceOf(RejectedRow.class);
      assertThat(reader.next()).isNull();
      assertThat(reader.next()).isNull();
      assertThat(reader.rowsParsed()).isEqualTo(1);
      assertThat(reader.rowsRejected()).isEqualTo(1);
      assertThat(reader.linesRead()).isEqualTo(3);
      assertThat(reader.bytesRead()).isEqualTo(body.length());
    }
  }

  @Test
  void badHeaderYieldsOneRejectAndNoRows() throws Exception {
    ParseResult r = parse("station;time;tre200s0\nBER;01.06.2024 12:00;1\n");
    assertThat(r.rows()).isEmpty();
    assertThat(r.rejected())
        .singleElement()
        .satisfies(
            rej -> {
              assertThat(rej.reason()).isEqualTo(RejectReason.BAD_HEADER);
              assertThat(rej.detail()).contains("station_abbr").contains(FILE);
            });
    ParseResult empty = parse("");
    assertThat(empty.rows()).isEmpty();
    assertThat(empty.rejected()).isEmpty();
    assertThat(empty.headerLine()).isNull();
  }

  @Test
  void projectionParsesOnlyTheRequestedParameters() throws Exception {
    MeteoSwissCsvParser parser =
        MeteoSwissCsvParser.builder()
            .parameters(List.of("TRE200S0", "htoauts0"))
            .keepRawLine(false)
            .keepHeader(false)
            .build();
    String body =
        "station_abbr;reference_timestamp;tre200s0;ure200s0\nBER;01.06.2024 12:00;20.1;garbage\n";
    try (MeasurementReader reader =
        parser.open(new ByteArrayInputStream(body.getBytes(CP1252)), FILE)) {
      MeasurementRow row = (MeasurementRow) reader.next();
      assertThat(row.values()).containsOnlyKeys("tre200s0");
      assertThat(row.rawLine()).isNull();
      assertThat(row.header()).isNull();
      assertThat(reader.absentParameters()).containsExactly("htoauts0");
    }
  }

  @Test
  void truncatedLastLineCanBeRejected() throws Exception {
    String body =
        "station_abbr;reference_timestamp;tre200s0\nBER;01.06.2024 12:00;1\nBER;01.06.2024 12:10;2";
    assertThat(parse(body).rows()).hasSize(2);
    ParseResult strict =
        parse(MeteoSwissCsvParser.builder().rejectUnterminatedLastLine(true).build(), body);
    assertThat(strict.rows()).hasSize(1);
    assertThat(strict.rejected())
        .singleElement()
        .extracting(RejectedRow::reason)
        .isEqualTo(RejectReason.TRUNCATED);
    ParseResult cutInTimestamp = parse("station_abbr;reference_timestamp;tre200s0\nBER;01.06.20");
    assertThat(cutInTimestamp.rejected())
        .singleElement()
        .extracting(RejectedRow::reason)
        .isEqualTo(RejectReason.FIELD_COUNT);
  }

  @Test
  void overlongLinesAreRejected() throws Exception {
    String body =
        "station_abbr;reference_timestamp;tre200s0\nBER;01.06.2024 12:00;"
            + "1".repeat(500)
            + "\nBER;01.06.2024 12:10;2\n";
    ParseResult r = parse(MeteoSwissCsvParser.builder().maxLineLength(100).build(), body);
    assertThat(r.rejected())
        .singleElement()
        .extracting(RejectedRow::reason)
        .isEqualTo(RejectReason.LINE_TOO_LONG);
    assertThat(r.rows()).singleElement().extracting(MeasurementRow::lineNumber).isEqualTo(3L);
  }

  @Test
  void gzipBodiesAndUtf8ByteOrderMarkAreDetected() throws Exception {
    String body = "station_abbr;reference_timestamp;tre200s0\nBER;01.06.2024 12:00;1.25\n";
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write(body.getBytes(CP1252));
    }
    ParseResult r =
        MeteoSwissCsvParser.defaults().parseAll(new ByteArrayInputStream(gz.toByteArray()), FILE);
    assertThat(r.rows())
        .singleElement()
        .satisfies(row -> assertThat(row.value("tre200s0")).hasValue(1.25));
    byte[] bom = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf};
    ByteArrayOutputStream utf8 = new ByteArrayOutputStream();
    utf8.write(bom);
    utf8.write(body.getBytes(StandardCharsets.UTF_8));
    assertThat(
            MeteoSwissCsvParser.defaults()
                .parseAll(new ByteArrayInputStream(utf8.toByteArray()), FILE)
                .rows())
        .hasSize(1);
  }

  @Test
  void windows1252IsDecodedInMetadataFiles() throws Exception {
    String body =
        "station_abbr;station_name;station_canton;station_coordinates_wgs84_lat;station_coordinates_wgs84_lon\r\n"
            + "KLO;Zürich / Kloten;ZH;47.479611;8.535961\r\n"
            + "AEG;Oberägeri;ZG;47.133636;8.608206\r\n"
            + "BAD;Broken;ZH;north;8.0\r\n";
    MeteoSwissMetadata.Result<StationMeta> r =
        MeteoSwissMetadata.parseStations(
            new ByteArrayInputStream(body.getBytes(CP1252)), FeedFile.META_STATIONS);
    assertThat(r.items())
        .extracting(StationMeta::name)
        .containsExactly("Zürich / Kloten", "Oberägeri");
    assertThat(r.rejected())
        .singleElement()
        .satisfies(
            rej -> {
              assertThat(rej.reason()).isEqualTo(RejectReason.NON_NUMERIC);
              assertThat(rej.detail())
                  .contains("station_coordinates_wgs84_lat")
                  .contains("'north'");
            });
  }

  @Test
  void metadataWriterProducesWhatTheParserReads() throws Exception {
    List<String> header =
        List.of(
            "parameter_shortname",
            "parameter_description_en",
            "parameter_granularity",
            "parameter_decimals",
            "parameter_unit");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    MeteoSwissMetadata.write(
        header,
        List.of(
            java.util.Map.of(
                "parameter_shortname", "tre200s0",
                "parameter_description_en", "Air temperature 2 m above ground; current value",
                "parameter_granularity", "T",
                "parameter_decimals", "1",
                "parameter_unit", "°C")),
        out);
    byte[] bytes = out.toByteArray();
    assertThat(new String(bytes, CP1252))
        .contains("\"Air temperature 2 m above ground; current value\"")
        .contains(";°C\n");
    assertThat(bytes).contains((byte) 0xb0); // the degree sign in Windows-1252
    MeteoSwissMetadata.Result<ParameterMeta> r =
        MeteoSwissMetadata.parseParameters(new ByteArrayInputStream(bytes), "p.csv");
    assertThat(r.items())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.descriptionEn())
                  .isEqualTo("Air temperature 2 m above ground; current value");
              assertThat(p.unit()).isEqualTo("°C");
              assertThat(p.granularity()).isEqualTo(Granularity.T);
            });
  }

  @Test
  void streamsLargeBodiesLineByLine() throws Exception {
    int rows = 10_000;
    InputStream generated = new GeneratedBody(rows);
    long count = 0;
    Instant last = null;
    try (MeasurementReader reader =
        MeteoSwissCsvParser.builder()
            .keepRawLine(false)
            .keepHeader(false)
            .build()
            .open(generated, FILE)) {
      for (ParsedLine l = reader.next(); l != null; l = reader.next()) {
        MeasurementRow row = (MeasurementRow) l;
        if (last != null) {
          assertThat(row.referenceTimestamp()).isAfter(last);
        }
        last = row.referenceTimestamp();
        count++;
      }
    }
    assertThat(count).isEqualTo(rows);
  }

  @Test
  void timestampsFormatAndParseSymmetrically() {
    Instant t = Instant.parse("2009-12-31T23:50:00Z");
    assertThat(FeedTimestamps.format(t)).isEqualTo("31.12.2009 23:50");
    assertThat(FeedTimestamps.parse("31.12.2009 23:50")).isEqualTo(t);
    assertThat(FeedTimestamps.parse("01.01.1864")).isEqualTo(Instant.parse("1864-01-01T00:00:00Z"));
    assertThatThrownBy(() -> FeedTimestamps.parse("29.02.2023 00:00"))
        .hasMessageContaining("29.02.2023");
    assertThatThrownBy(() -> FeedTimestamps.parse("01.01.2023 24:00"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** A body produced on the fly, never held in memory. */
  private static final class GeneratedBody extends InputStream {
    private final int rows;
    private int row = -1;
    private byte[] current = new byte[0];
    private int pos;

    GeneratedBody(int rows) {
      this.rows = rows;
    }

    @Override
    public int read() {
      while (pos == current.length) {
        if (row >= rows) {
          return -1;
        }
        String line =
            row < 0
                ? "station_abbr;reference_timestamp;tre200s0;ure200s0\r\n"
                : "BER;"
                    + FeedTimestamps.format(
                        Instant.parse("2020-01-01T00:00:00Z").plusSeconds(600L * row))
                    + ";"
                    + (row % 300) / 10.0
                    + ";"
                    + (row % 100)
                    + "\r\n";
        current = line.getBytes(StandardCharsets.US_ASCII);
        pos = 0;
        row++;
      }
      return current[pos++];
    }
  }
}
