package org.remotestore.meteoswiss.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.remotestore.meteoswiss.Granularity;
import org.remotestore.meteoswiss.MeasurementRow;

/** The replay's weather is physically plausible and has the documented imperfections. */
class WeatherPlausibilityTest {

  private static final Instant YEAR_START = Instant.parse("2025-01-01T00:00:00Z");
  private static MeteoSwissReplayServer replay;
  private static final WeatherModel MODEL = new WeatherModel(42);

  @BeforeAll
  static void build() {
    // not started: the model and the ground truth need no HTTP
    replay =
        MeteoSwissReplayServer.builder()
            .start(Instant.parse("2026-01-20T12:00:00Z"))
            .historyStart(Instant.parse("2025-12-01T00:00:00Z"))
            .build();
  }

  private static ReplayStation station(String code) {
    return replay.feed().stations().get(code);
  }

  /** Samples a year every 3 hours. */
  private static double[][] year(String code) {
    ReplayStation s = station(code);
    int n = 365 * 8;
    double[][] samples = new double[n][];
    for (int i = 0; i < n; i++) {
      samples[i] = MODEL.tenMinute(s, YEAR_START.plus(Duration.ofHours(3L * i)));
    }
    return samples;
  }

  private static double mean(double[][] samples, int column, int fromDay, int toDay) {
    double sum = 0;
    int count = 0;
    for (int i = fromDay * 8; i < toDay * 8; i++) {
      sum += samples[i][column];
      count++;
    }
    return sum / count;
  }

  @Test
  void temperatureFollowsSeasonDayAndElevation() {
    double[][] ber = year("BER");
    double january = mean(ber, WeatherModel.TEMP, 0, 31);
    double july = mean(ber, WeatherModel.TEMP, 181, 212);
    assertThat(july - january).isBetween(12.0, 26.0);
    assertThat(mean(ber, WeatherModel.TEMP, 0, 365)).isBetween(4.0, 13.0);
    for (double[] v : ber) {
      assertThat(v[WeatherModel.TEMP]).isBetween(-25.0, 38.0);
      assertThat(v[WeatherModel.DEW]).isLessThanOrEqualTo(v[WeatherModel.TEMP] + 1e-9);
      assertThat(v[WeatherModel.HUM]).isBetween(15.0, 100.0);
    }
    // afternoon warmer than the early morning on average
    double afternoon = 0;
    double morning = 0;
    for (int i = 0; i < ber.length; i += 8) {
      morning += ber[i + 1][WeatherModel.TEMP]; // 03 UTC
      afternoon += ber[i + 4][WeatherModel.TEMP]; // 12 UTC
    }
    assertThat(afternoon - morning).isGreaterThan(365 * 2.0);
    double jungfraujoch = mean(year("JUN"), WeatherModel.TEMP, 0, 365);
    double lugano = mean(year("LUG"), WeatherModel.TEMP, 0, 365);
    assertThat(lugano - jungfraujoch).isBetween(16.0, 26.0);
  }

  @Test
  void pressureSunshineRainWindAndSnowArePlausible() {
    double[][] ber = year("BER");
    double[][] jun = year("JUN");
    assertThat(mean(ber, WeatherModel.PRES, 0, 365)).isBetween(930.0, 970.0);
    assertThat(mean(jun, WeatherModel.PRES, 0, 365)).isBetween(630.0, 680.0);
    assertThat(mean(ber, WeatherModel.QFF, 0, 365)).isBetween(1005.0, 1025.0);
    int wet = 0;
    for (double[] v : ber) {
      assertThat(v[WeatherModel.RAIN]).isGreaterThanOrEqualTo(0);
      assertThat(v[WeatherModel.SUN]).isBetween(0.0, 10.0);
      assertThat(v[WeatherModel.GUST]).isGreaterThan(v[WeatherModel.WIND]);
      assertThat(v[WeatherModel.DIR]).isGreaterThanOrEqualTo(0).isLessThan(360);
      if (v[WeatherModel.RAIN] > 0) {
        wet++;
      }
    }
    assertThat((double) wet / ber.length).isBetween(0.03, 0.4);
    // no sun and no radiation at midnight UTC anywhere in Switzerland
    for (int day = 0; day < 365; day++) {
      double[] midnight = ber[day * 8];
      assertThat(midnight[WeatherModel.SUN]).isZero();
      assertThat(midnight[WeatherModel.RAD]).isZero();
    }
    assertThat(mean(ber, WeatherModel.RAD, 181, 212))
        .isGreaterThan(mean(ber, WeatherModel.RAD, 0, 31));
    // summits are windier and snowy in winter; lowlands have no snow column
    assertThat(mean(jun, WeatherModel.WIND, 0, 365))
        .isGreaterThan(mean(ber, WeatherModel.WIND, 0, 365));
    assertThat(mean(jun, WeatherModel.SNOW, 0, 59)).isGreaterThan(20);
    assertThat(WeatherModel.columns(Granularity.T, station("BAS"))).doesNotContain("htoauts0");
    assertThat(WeatherModel.columns(Granularity.T, station("DAV"))).contains("htoauts0");
  }

  @Test
  void aggregatesAreConsistent() {
    ReplayStation ber = station("BER");
    Instant hour = Instant.parse("2025-07-01T15:00:00Z");
    double[] h = MODEL.hourly(ber, hour);
    assertThat(h[1]).isLessThanOrEqualTo(h[0]);
    assertThat(h[0]).isLessThanOrEqualTo(h[2]);
    double rain = 0;
    for (int i = 0; i < 6; i++) {
      rain += MODEL.tenMinute(ber, hour.minus(Duration.ofMinutes(10L * i)))[WeatherModel.RAIN];
    }
    assertThat(h[5]).isCloseTo(rain, org.assertj.core.data.Offset.offset(1e-9));
    double[] d = MODEL.daily(ber, Instant.parse("2025-07-01T00:00:00Z"));
    assertThat(d[1]).isLessThanOrEqualTo(d[0]);
    assertThat(d[0]).isLessThanOrEqualTo(d[2]);
    assertThat(d[7]).isBetween(0.0, 24 * 60.0);
  }

  @Test
  void publishedRowsHaveOccasionalMissingValuesAndGaps() {
    Instant from = Instant.parse("2025-12-01T00:00:00Z");
    Instant to = Instant.parse("2026-01-20T00:00:00Z");
    List<MeasurementRow> rows = replay.feed().publishedRows("BER", Granularity.T, from, to);
    long expected = Duration.between(from, to).toMinutes() / 10;
    assertThat(rows.size()).isLessThan((int) expected).isGreaterThan((int) (expected * 0.99));
    int fullColumns = WeatherModel.columns(Granularity.T, station("BER")).size();
    assertThat(rows).anySatisfy(r -> assertThat(r.values().size()).isLessThan(fullColumns));
    assertThat(rows)
        .allSatisfy(
            r ->
                assertThat(r.referenceTimestamp().atZone(ZoneOffset.UTC).getMinute() % 10)
                    .isZero());
    // daily precipitation is a 06-06 UTC sum
    List<MeasurementRow> days =
        replay
            .feed()
            .publishedRows("BER", Granularity.D, from, Instant.parse("2025-12-10T00:00:00Z"));
    assertThat(days)
        .isNotEmpty()
        .allSatisfy(r -> assertThat(r.value("rre150d0").orElse(0)).isGreaterThanOrEqualTo(0));
  }
}
