package org.remotestore.medallion.demo;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * What the demo keeps between runs so that the replay's simulated clock continues where it stopped:
 * the simulated instant, and what makes the replayed feed the same (weather seed, first day of
 * history, stations). A properties file, replaced atomically on every save.
 *
 * @param simulatedNow the simulated instant to continue from
 * @param seed the weather seed
 * @param historyStart the first day of the replay's history
 * @param stations the replayed stations
 */
public record ReplayClockState(
    Instant simulatedNow, long seed, Instant historyStart, List<String> stations) {

  /** Validates the fields. */
  public ReplayClockState {
    Objects.requireNonNull(simulatedNow, "simulatedNow");
    Objects.requireNonNull(historyStart, "historyStart");
    stations = List.copyOf(stations);
  }

  /** This state with another simulated instant. */
  public ReplayClockState at(Instant now) {
    return new ReplayClockState(now, seed, historyStart, stations);
  }

  /**
   * Reads the state saved in {@code file}, or empty when there is none.
   *
   * @throws IOException when the file exists but is unreadable or incomplete, naming file and key
   */
  public static Optional<ReplayClockState> load(Path file) throws IOException {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(in);
    }
    try {
      return Optional.of(
          new ReplayClockState(
              Instant.parse(required(p, file, "simulated-now")),
              Long.parseLong(required(p, file, "seed")),
              Instant.parse(required(p, file, "history-start")),
              Arrays.stream(required(p, file, "stations").split(","))
                  .map(String::trim)
                  .filter(s -> !s.isEmpty())
                  .toList()));
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new IOException(
          "Replay clock file " + file + " has a malformed value: " + e.getMessage(), e);
    }
  }

  /** Writes the state to {@code file}, replacing it atomically. */
  public void save(Path file) throws IOException {
    Properties p = new Properties();
    p.setProperty("simulated-now", simulatedNow.toString());
    p.setProperty("seed", Long.toString(seed));
    p.setProperty("history-start", historyStart.toString());
    p.setProperty("stations", String.join(",", stations));
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
    try {
      try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        p.store(out, "Simulated clock of the demo's MeteoSwiss replay; delete to start over");
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static String required(Properties p, Path file, String key) throws IOException {
    String value = p.getProperty(key);
    if (value == null || value.isBlank()) {
      throw new IOException("Replay clock file " + file + " lacks the key '" + key + "'");
    }
    return value.trim();
  }
}
