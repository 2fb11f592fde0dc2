package org.remotestore.tests.cluster;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.remotestore.meteoswiss.FeedFile;
import org.remotestore.meteoswiss.Granularity;
import org.remotestore.meteoswiss.MeasurementRow;
import org.remotestore.meteoswiss.replay.MeteoSwissReplayServer;

/**
 * What the lake must hold after a bounded run over the replay, computed from the replay's ground
 * truth without any of the job's code: every 10-minute value once ({@link #silver}), the daily
 * summary of every station and UTC day ({@link #gold}), and the lines the feed's files served
 * ({@link #servedLines}).
 */
final class FeedTruth {
  private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

  /** {@code station|timestamp|parameter} to the value, for every published value. */
  final Map<String, Double> silver = new TreeMap<>();

  /** {@code station|date} to the summary, for every station-day with at least one value. */
  final Map<String, Summary> gold = new TreeMap<>();

  /** The data lines of every 10-minute file the replay serves for the stations. */
  final Set<String> servedLines = new HashSet<>();

  /** Published 10-minute rows (station-timestamps), each a bronze line. */
  int rows;

  /**
   * A daily summary as the gold table defines it.
   *
   * @param mean mean {@code tre200s0}, or null without values; likewise for the others
   * @param samples 10-minute timestamps of the day with at least one value
   */
  record Summary(
      Double mean, Double min, Double max, Double rain, Double sun, Double gust, int samples) {}

  /** The truth for {@code stations} over every row published in [{@code from}, {@code to}). */
  static FeedTruth of(
      MeteoSwissReplayServer replay, List<String> stations, Instant from, Instant to)
      throws Exception {
    FeedTruth t = new FeedTruth();
    HttpClient http = HttpClient.newHttpClient();
    for (String station : stations) {
      Map<LocalDate, List<MeasurementRow>> days = new TreeMap<>();
      for (MeasurementRow r : replay.feed().publishedRows(station, Granularity.T, from, to)) {
        t.rows++;
        r.values().forEach((p, v) -> t.silver.put(key(station, r.referenceTimestamp(), p), v));
        days.computeIfAbsent(
                LocalDate.ofInstant(r.referenceTimestamp(), ZoneOffset.UTC), d -> new ArrayList<>())
            .add(r);
      }
      days.forEach(
          (day, rows) ->
              summarize(rows).ifPresentOrElse(s -> t.gold.put(station + "|" + day, s), () -> {}));
      for (FeedFile f : replay.feed().files(station)) {
        if (f.granularity() == Granularity.T) {
          URI uri = replay.dataRoot().resolve(f.path());
          HttpResponse<byte[]> answer =
              http.send(
                  HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofByteArray());
          if (answer.statusCode() != 200) {
            throw new IllegalStateException(uri + " answered " + answer.statusCode());
          }
          List<String> lines = new String(answer.body(), WINDOWS_1252).lines().toList();
          t.servedLines.addAll(lines.subList(Math.min(1, lines.size()), lines.size()));
        }
      }
    }
    return t;
  }

  /** The key of one silver value. */
  static String key(String station, Instant timestamp, String parameter) {
    return station + "|" + timestamp + "|" + parameter.toLowerCase(java.util.Locale.ROOT);
  }

  private static java.util.Optional<Summary> summarize(List<MeasurementRow> rows) {
    List<Double> temp = new ArrayList<>();
    List<Double> rain = new ArrayList<>();
    List<Double> sun = new ArrayList<>();
    List<Double> gust = new ArrayList<>();
    int samples = 0;
    for (MeasurementRow r : rows) {
      boolean any = false;
      for (Map.Entry<String, Double> e : r.values().entrySet()) {
        Double v = e.getValue();
        if (v == null || !Double.isFinite(v)) {
          continue;
        }
        any = true;
        switch (e.getKey().toLowerCase(java.util.Locale.ROOT)) {
          case "tre200s0" -> temp.add(v);
          case "rre150z0" -> rain.add(v);
          case "sre000z0" -> sun.add(v);
          case "fu3010z1" -> gust.add(v);
          default -> {
            // counts towards samples only
          }
        }
      }
      if (any) {
        samples++;
      }
    }
    if (samples == 0) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(
        new Summary(
            temp.isEmpty() ? null : temp.stream().mapToDouble(d -> d).average().orElseThrow(),
            temp.isEmpty() ? null : temp.stream().mapToDouble(d -> d).min().orElseThrow(),
            temp.isEmpty() ? null : temp.stream().mapToDouble(d -> d).max().orElseThrow(),
            rain.isEmpty() ? null : rain.stream().mapToDouble(d -> d).sum(),
            sun.isEmpty() ? null : sun.stream().mapToDouble(d -> d).sum(),
            gust.isEmpty() ? null : gust.stream().mapToDouble(d -> d).max().orElseThrow(),
            samples));
  }

  /** Whether two summaries agree (doubles within 1e-6: sums may add in another order). */
  static boolean same(Summary a, Summary b) {
    return a.samples() == b.samples()
        && close(a.mean(), b.mean())
        && close(a.min(), b.min())
        && close(a.max(), b.max())
        && close(a.rain(), b.rain())
        && close(a.sun(), b.sun())
        && close(a.gust(), b.gust());
  }

  private static boolean close(Double a, Double b) {
    if (a == null || b == null) {
      return a == b;
    }
    return Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b));
  }
}
