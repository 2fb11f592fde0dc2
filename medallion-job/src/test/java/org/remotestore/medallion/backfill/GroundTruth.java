package org.remotestore.medallion.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.remotestore.medallion.demo.CommittedParquet;
import org.remotestore.meteoswiss.Granularity;
import org.remotestore.meteoswiss.MeasurementRow;
import org.remotestore.meteoswiss.replay.MeteoSwissReplayServer;

/**
 * What a bounded run of the job over the replay must leave in the lake, computed from the replay's
 * rows without the job's code ({@link Expected}: every published value and the daily summary of
 * every station-day), and the lake read back ({@link Silver}, {@link #latestDailySummaries}). Used
 * by {@link BoundedBackfillMemoryIT} and the savepoint compatibility test.
 */
public final class GroundTruth {
  private GroundTruth() {}

  /** An order-free 64-bit hash of one silver value. */
  public static long hash(String station, long timestampMillis, String parameter, double value) {
    long h = station.hashCode();
    h = mix(h * 31 + timestampMillis);
    h = mix(h * 31 + parameter.hashCode());
    return mix(h * 31 + Double.doubleToLongBits(value));
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** What the feed published, computed from the replay's rows station by station. */
  public static final class Expected {
    /** Published rows (station-timestamps). */
    public long rows;

    /** Published values. */
    public long values;

    /** Order-free hash sum of the published values ({@link #hash}). */
    public long hashSum;

    /** {@code station|date} to its daily summary, for every station-day with a value. */
    public final Map<String, Day> days = new TreeMap<>();

    /** The rows {@code replay} publishes for {@code codes} in [{@code from}, {@code to}). */
    public static Expected of(
        MeteoSwissReplayServer replay, List<String> codes, Instant from, Instant to) {
      Expected e = new Expected();
      for (String station : codes) {
        for (Instant a = from; a.isBefore(to); a = a.plus(Duration.ofDays(10))) {
          Instant b = a.plus(Duration.ofDays(10)).isBefore(to) ? a.plus(Duration.ofDays(10)) : to;
          for (MeasurementRow r : replay.feed().publishedRows(station, Granularity.T, a, b)) {
            e.rows++;
            long ts = r.referenceTimestamp().toEpochMilli();
            for (Map.Entry<String, Double> v : r.values().entrySet()) {
              e.values++;
              e.hashSum += hash(station, ts, v.getKey(), v.getValue());
            }
            if (!r.values().isEmpty()) {
              String key =
                  station + "|" + LocalDate.ofInstant(r.referenceTimestamp(), ZoneOffset.UTC);
              e.days.computeIfAbsent(key, k -> new Day()).add(r.values());
            }
          }
        }
      }
      return e;
    }
  }

  /** The daily summary of one station and day, computed directly. */
  public static final class Day {
    int samples;
    int temperatures;
    double temperatureSum;
    Double min;
    Double max;
    Double rain;
    Double sunshine;
    Double gust;

    void add(Map<String, Double> values) {
      samples++;
      Double t = values.get("tre200s0");
      if (t != null) {
        temperatures++;
        temperatureSum += t;
        min = min == null ? t : Math.min(min, t);
        max = max == null ? t : Math.max(max, t);
      }
      rain = sum(rain, values.get("rre150z0"));
      sunshine = sum(sunshine, values.get("sre000z0"));
      Double g = values.get("fu3010z1");
      if (g != null) {
        gust = gust == null ? g : Math.max(gust, g);
      }
    }

    private static Double sum(Double a, Double b) {
      if (b == null) {
        return a;
      }
      return a == null ? b : Double.valueOf(a + b);
    }

    /** Asserts that a gold {@code daily_summary} row equals this summary. */
    public void check(String key, Map<String, Object> row) {
      assertThat(row).as("gold daily_summary of %s", key).isNotNull();
      assertThat(((Number) row.get("samples")).intValue())
          .as("samples of %s", key)
          .isEqualTo(samples);
      assertThat((Double) row.get("coverage"))
          .as("coverage of %s", key)
          .isCloseTo(samples / 144.0, within(1e-9));
      close(key, "tre200s0_mean", row, temperatures == 0 ? null : temperatureSum / temperatures);
      close(key, "tre200s0_min", row, min);
      close(key, "tre200s0_max", row, max);
      close(key, "rre150z0_sum", row, rain);
      close(key, "sre000z0_sum", row, sunshine);
      close(key, "fu3010z1_max", row, gust);
    }

    private static void close(String key, String column, Map<String, Object> row, Double want) {
      Object got = row.get(column);
      if (want == null) {
        assertThat(got).as("%s of %s", column, key).isNull();
      } else {
        assertThat((Double) got).as("%s of %s", column, key).isCloseTo(want, within(1e-6));
      }
    }
  }

  /** Silver's committed values: count, order-free hash sum, and values that are not revision 0. */
  public static final class Silver {
    /** Committed values. */
    public long values;

    /** Order-free hash sum of the committed values ({@link #hash}). */
    public long hashSum;

    /** Committed values whose revision is not 0. */
    public long revisions;

    /** Reads every committed Parquet file below {@code silver} (a local folder). */
    public static Silver read(Path silver) throws IOException {
      Silver s = new Silver();
      List<Path> files;
      try (Stream<Path> walk = Files.walk(silver)) {
        files =
            walk.filter(p -> p.getFileName().toString().endsWith(".parquet"))
                .filter(p -> !p.getFileName().toString().startsWith("."))
                .toList();
      }
      for (Path file : files) {
        String station = file.getParent().getParent().getFileName().toString().split("=", 2)[1];
        for (Map<String, Object> row :
            CommittedParquet.readFile(new org.apache.flink.core.fs.Path(file.toUri()))) {
          s.values++;
          long ts = ((Instant) row.get("reference_timestamp")).toEpochMilli();
          s.hashSum += hash(station, ts, (String) row.get("parameter"), (Double) row.get("value"));
          if (((Number) row.get("revision")).intValue() != 0) {
            s.revisions++;
          }
        }
      }
      return s;
    }
  }

  /** The latest version of every committed {@code daily_summary} row, by {@code station|date}. */
  public static Map<String, Map<String, Object>> latestDailySummaries(Path gold)
      throws IOException {
    Map<String, Map<String, Object>> latest = new TreeMap<>();
    for (org.apache.flink.core.fs.Path file :
        CommittedParquet.committedFiles(
            new org.apache.flink.core.fs.Path(gold.resolve("daily_summary").toUri()))) {
      for (Map<String, Object> row : CommittedParquet.readFile(file)) {
        String key = row.get("station_abbr") + "|" + row.get("date");
        latest.merge(
            key,
            row,
            (a, b) ->
                ((Number) a.get("version")).intValue() >= ((Number) b.get("version")).intValue()
                    ? a
                    : b);
      }
    }
    return latest;
  }
}
