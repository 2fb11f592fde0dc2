package org.remotestore.meteoswiss.source;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.remotestore.BackendUnavailable;
import org.remotestore.NotFound;
import org.remotestore.meteoswiss.FeedFile;
import org.remotestore.meteoswiss.Granularity;
import org.remotestore.meteoswiss.MeasurementRow;
import org.remotestore.meteoswiss.ParsedLine;
import org.remotestore.meteoswiss.RejectReason;
import org.remotestore.meteoswiss.RejectedRow;

/**
 * An in-memory feed for reader unit tests: files hold parsed lines and an ETag that changes with
 * every edit; faults can be queued per file. It counts requests and "bytes" (one per line).
 */
final class FakeFeed implements FileFetcher {
  static final String STATION = "BER";
  private final Map<String, TreeMap<Long, MeasurementRow>> files = new HashMap<>();
  private final Map<String, List<ParsedLine>> extraLines = new HashMap<>();
  private final Map<String, Integer> versions = new HashMap<>();
  private final Map<String, Deque<IOException>> faults = new HashMap<>();
  private final Map<String, Boolean> truncateNext = new HashMap<>();
  final List<String> requests = new ArrayList<>();
  int notModifiedAnswers;
  long bodyLines;

  static String now() {
    return FeedFile.now(STATION, Granularity.T).path();
  }

  static String recent() {
    return FeedFile.recent(STATION, Granularity.T).path();
  }

  static MeasurementRow row(long epochMillis, double temperature) {
    return MeasurementRow.builder(STATION, Instant.ofEpochMilli(epochMillis), Granularity.T)
        .value("tre200s0", temperature)
        .build();
  }

  synchronized void put(String file, long fromMillis, long toMillis, double temperature) {
    TreeMap<Long, MeasurementRow> rows = files.computeIfAbsent(file, k -> new TreeMap<>());
    for (long t = fromMillis; t <= toMillis; t += 600_000) {
      rows.put(t, row(t, temperature + t / 600_000 % 100));
    }
    versions.merge(file, 1, Integer::sum);
  }

  synchronized void set(String file, long ts, double temperature) {
    files.computeIfAbsent(file, k -> new TreeMap<>()).put(ts, row(ts, temperature));
    versions.merge(file, 1, Integer::sum);
  }

  synchronized void dropBefore(String file, long ts) {
    files.get(file).headMap(ts).clear();
    versions.merge(file, 1, Integer::sum);
  }

  synchronized void addRejected(String file, String raw) {
    extraLines
        .computeIfAbsent(file, k -> new ArrayList<>())
        .add(new RejectedRow(file, 99, raw, RejectReason.FIELD_COUNT, "bad line"));
    versions.merge(file, 1, Integer::sum);
  }

  synchronized void failNext(String file, IOException e) {
    faults.computeIfAbsent(file, k -> new ArrayDeque<>()).add(e);
  }

  synchronized void throttleNext(String file, int retryAfterSeconds) {
    failNext(
        file,
        new BackendUnavailable(
            "HTTP GET answered 429 Too Many Requests",
            "feed",
            file,
            null,
            java.time.Duration.ofSeconds(retryAfterSeconds)));
  }

  synchronized void truncateNext(String file) {
    truncateNext.put(file, true);
  }

  synchronized List<MeasurementRow> rows(String file) {
    return new ArrayList<>(files.get(file).values());
  }

  String etagOf(String file) {
    return "\"v" + versions.get(file) + "\"";
  }

  @Override
  public synchronized FetchResult fetch(FetchRequest request) throws IOException {
    String file = request.file();
    requests.add(file);
    Deque<IOException> queued = faults.get(file);
    if (queued != null && !queued.isEmpty()) {
      throw queued.poll();
    }
    if (!files.containsKey(file)) {
      throw new NotFound("No such file: " + file, "feed", file);
    }
    String etag = etagOf(file);
    if (etag.equals(request.etag())) {
      notModifiedAnswers++;
      return FetchResult.notModified(etag, null);
    }
    List<ParsedLine> lines = new ArrayList<>(files.get(file).values());
    lines.addAll(extraLines.getOrDefault(file, List.of()));
    boolean truncated = truncateNext.remove(file) != null;
    if (truncated) {
      lines = new ArrayList<>(lines.subList(0, lines.size() / 2));
    }
    bodyLines += lines.size();
    return new FetchResult(
        true,
        false,
        etag,
        null,
        "sha-" + etag + (truncated ? "-cut" : ""),
        lines.size(),
        FileFetcher.Body.of(lines, truncated));
  }

  @Override
  public void close() {}

  /** Files by name, for assertions. */
  synchronized Map<String, Integer> versions() {
    return new LinkedHashMap<>(versions);
  }
}
