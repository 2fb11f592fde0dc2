package org.remotestore.medallion.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.remotestore.meteoswiss.replay.MeteoSwissReplayServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's replay of the MeteoSwiss feed on loopback, whose simulated clock survives restarts:
 * the clock is saved to a file every second and when the replay stops, and a later start continues
 * from the saved instant with the same seed, history and stations, so the feed it serves continues
 * the one the previous run ingested (a restored job then finds exactly the rows it has not seen
 * yet).
 */
public final class DemoReplay implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DemoReplay.class);

  /** How often the clock is saved while the replay runs. */
  static final Duration SAVE_EVERY = Duration.ofSeconds(1);

  private final MeteoSwissReplayServer server;
  private final Path stateFile;
  private final ReplayClockState initial;
  private final Optional<Instant> resumedAt;
  private final ScheduledExecutorService saver;
  private boolean closed;

  private DemoReplay(
      MeteoSwissReplayServer server,
      Path stateFile,
      ReplayClockState initial,
      Optional<Instant> resumedAt) {
    this.server = server;
    this.stateFile = stateFile;
    this.initial = initial;
    this.resumedAt = resumedAt;
    this.saver =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "demo-replay-clock-saver");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Starts the replay: continues the clock saved in {@code stateFile} when there is one (its seed,
   * history and stations win over the options; other stations than saved, in any order, are an
   * error), otherwise starts at {@code start} with the given seed and stations.
   *
   * @throws IllegalArgumentException when {@code stations} differ from the saved ones
   */
  public static DemoReplay start(
      Path stateFile, int port, double speed, List<String> stations, Instant start, long seed)
      throws IOException {
    Optional<ReplayClockState> saved = ReplayClockState.load(stateFile);
    ReplayClockState state;
    if (saved.isPresent()) {
      state = saved.get();
      if (!new java.util.HashSet<>(state.stations()).equals(new java.util.HashSet<>(stations))) {
        throw new IllegalArgumentException(
            "--stations "
                + String.join(",", stations)
                + " differs from the stations "
                + String.join(",", state.stations())
                + " of the run saved in "
                + stateFile.getParent()
                + "; use those, or another --data-dir to start over");
      }
    } else {
      state = new ReplayClockState(start, seed, defaultHistoryStart(start), stations);
    }
    MeteoSwissReplayServer server =
        MeteoSwissReplayServer.builder()
            .port(port)
            .speed(speed)
            .seed(state.seed())
            .start(state.simulatedNow())
            .historyStart(state.historyStart())
            .stations(state.stations().toArray(String[]::new))
            .build()
            .start();
    DemoReplay replay =
        new DemoReplay(server, stateFile, state, saved.map(ReplayClockState::simulatedNow));
    replay.save();
    long every = SAVE_EVERY.toMillis();
    replay.saver.scheduleWithFixedDelay(replay::saveQuietly, every, every, TimeUnit.MILLISECONDS);
    return replay;
  }

  /** The first day of history for a first run: two days before the start (keeps files small). */
  static Instant defaultHistoryStart(Instant start) {
    return LocalDate.ofInstant(start, ZoneOffset.UTC)
        .minusDays(2)
        .atStartOfDay()
        .toInstant(ZoneOffset.UTC);
  }

  /** The replay server. */
  public MeteoSwissReplayServer server() {
    return server;
  }

  /** The feed's data root on loopback. */
  public URI dataRoot() {
    return server.dataRoot();
  }

  /** The simulated instant now. */
  public Instant now() {
    return server.clock().now();
  }

  /** The saved instant this run continued from; empty for a first run. */
  public Optional<Instant> resumedAt() {
    return resumedAt;
  }

  /** The state this run started with (seed, history, stations, simulated start). */
  public ReplayClockState initialState() {
    return initial;
  }

  /** Saves the clock now. */
  public synchronized void save() throws IOException {
    if (!closed) {
      initial.at(now()).save(stateFile);
    }
  }

  private void saveQuietly() {
    try {
      save();
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("Saving the replay clock to {} failed: {}", stateFile, e.toString());
    }
  }

  /** Saves the clock a last time and stops the server. */
  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    saver.shutdownNow();
    try {
      save();
    } finally {
      closed = true;
      server.close();
    }
  }
}
