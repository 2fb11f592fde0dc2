package org.remotestore.meteoswiss.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.remotestore.meteoswiss.FeedFile;
import org.remotestore.meteoswiss.Granularity;
import org.remotestore.meteoswiss.MeasurementRow;
import org.remotestore.meteoswiss.MeteoSwissCsvParser;
import org.remotestore.meteoswiss.ParseResult;

/**
 * The replay serves the monthly and yearly files from the same weather model as the 10-minute,
 * hourly and daily ones: timestamps are the interval start, only complete months and years are
 * published, values aggregate the days, and the STAC items list the files with their checksums.
 */
class ReplayGranularityTest {
  private static final Instant HISTORY = Instant.parse("2024-01-01T00:00:00Z");
  private static final Instant NOW = Instant.parse("2026-02-10T12:00:00Z");
  private static final WeatherModel MODEL = new WeatherModel(42);
  private static MeteoSwissReplayServer replay;
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void start() throws Exception {
    replay =
        MeteoSwissReplayServer.builder()
            .start(NOW)
            .historyStart(HISTORY)
            .stations("BER", "JUN")
            .build()
            .start();
  }

  @AfterAll
  static void stop() {
    replay.close();
  }

  private static byte[] get(String uri) throws Exception {
    HttpResponse<byte[]> rsp =
        HTTP.send(
            HttpRequest.newBuilder(java.net.URI.create(uri))
                .timeout(Duration.ofSeconds(60))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(rsp.statusCode()).as(uri).isEqualTo(200);
    return rsp.body();
  }

  private static List<MeasurementRow> served(String path) throws Exception {
    ParseResult parsed =
        MeteoSwissCsvParser.defaults()
            .parseAll(
                new ByteArrayInputStream(get(replay.dataRoot().resolve(path).toString())), path);
    assertThat(parsed.rejected()).isEmpty();
    return parsed.rows().stream().map(MeasurementRow::withoutProvenance).toList();
  }

  @Test
  void monthlyFileHoldsEveryCompleteMonthAtItsStart() throws Exception {
    String path = FeedFile.whole("BER", Granularity.M).path();
    List<MeasurementRow> rows = served(path);
    assertThat(rows)
        .isEqualTo(replay.feed().publishedRows("BER", Granularity.M, HISTORY, NOW))
        .isNotEmpty();
    assertThat(rows.get(0).referenceTimestamp()).isEqualTo(HISTORY);
    // January 2026 is the newest complete month on 10 February 2026
    assertThat(rows.get(rows.size() - 1).referenceTimestamp())
        .isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(rows).allSatisfy(r -> assertThat(Granularity.M.isAligned(r.referenceTimestamp())));
    assertThat(rows.size()).isBetween(24, 25);
  }

  @Test
  void yearlyFileHoldsEveryCompleteYear() throws Exception {
    List<MeasurementRow> rows = served(FeedFile.whole("JUN", Granularity.Y).path());
    List<Instant> years = rows.stream().map(MeasurementRow::referenceTimestamp).toList();
    List<Instant> expected = new ArrayList<>();
    for (Instant y : List.of(HISTORY, Instant.parse("2025-01-01T00:00:00Z"))) {
      if (replay.feed().publishedRow("JUN", Granularity.Y, y) != null) {
        expected.add(y);
      }
    }
    assertThat(years).isEqualTo(expected).isNotEmpty();
  }

  @Test
  void monthAndYearAggregateTheDaysOfTheModel() {
    ReplayStation ber = replay.feed().stations().get("BER");
    for (Granularity g : List.of(Granularity.M, Granularity.Y)) {
      for (MeasurementRow row : replay.feed().publishedRows("BER", g, HISTORY, NOW)) {
        // independent aggregation of the model's raw daily values over the interval's days
        double sum = 0;
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        double rain = 0;
        double sun = 0;
        double gust = 0;
        int days = 0;
        Instant end = g.intervalEnd(row.referenceTimestamp());
        for (Instant d = row.referenceTimestamp(); d.isBefore(end); d = Granularity.D.next(d)) {
          double[] day = MODEL.daily(ber, d);
          sum += day[0];
          min = Math.min(min, day[1]);
          max = Math.max(max, day[2]);
          rain += day[6];
          sun += day[7];
          gust = Math.max(gust, day[9]);
          days++;
        }
        assertThat(days).isGreaterThanOrEqualTo(g == Granularity.M ? 28 : 365);
        String l = g.token();
        Offset<Double> rounding = Offset.offset(0.051);
        assertValue(row, "tre200" + l + "0", sum / days, rounding);
        assertValue(row, "tre200" + l + "n", min, rounding);
        assertValue(row, "tre200" + l + "x", max, rounding);
        assertValue(row, "rre150" + l + "0", rain, rounding);
        assertValue(row, "sre000" + l + "0", sun, Offset.offset(0.51));
        assertValue(row, "fu3010" + l + "1", gust, rounding);
      }
    }
  }

  private static void assertValue(MeasurementRow row, String code, double want, Offset<Double> o) {
    // a value may be missing (the replay leaves about 0.4 % of fields empty)
    row.value(code).ifPresent(v -> assertThat(v).as(code + " " + row).isCloseTo(want, o));
  }

  @Test
  void stacListsMonthlyAndYearlyFilesWithTheirChecksums() throws Exception {
    String item = new String(get(replay.stacItems() + "/ber"), StandardCharsets.UTF_8);
    for (Granularity g : List.of(Granularity.M, Granularity.Y)) {
      FeedFile f = FeedFile.whole("BER", g);
      byte[] body = get(replay.dataRoot().resolve(f.path()).toString());
      String checksum =
          "1220" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
      assertThat(item).contains("\"" + f.fileName() + "\"").contains(checksum);
    }
    // no monthly or yearly file before a month is complete
    try (MeteoSwissReplayServer young =
        MeteoSwissReplayServer.builder()
            .start(Instant.parse("2026-02-10T12:00:00Z"))
            .historyStart(Instant.parse("2026-01-15T00:00:00Z"))
            .stations("BER")
            .build()) {
      assertThat(young.feed().files("BER"))
          .noneMatch(f -> f.granularity() == Granularity.M || f.granularity() == Granularity.Y);
    }
  }
}
