package org.remotestore.ext.sweep;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.remotestore.RemoteStoreException;
import org.remotestore.Store;
import org.remotestore.StorePaths;
import org.remotestore.ext.sweep.SweepReport.Decision;
import org.remotestore.ext.sweep.SweepReport.Entry;
import org.remotestore.spi.Leftover;
import org.remotestore.spi.LeftoverSupport;

/**
 * Lists and removes what crashed writers left in a store: S3 multipart uploads and temporary tail
 * objects, Azure blobs holding only uncommitted blocks, hidden in-progress and temporary files of
 * local writes (whatever the store's backend lists through {@link LeftoverSupport}).
 *
 * <p>Dry-run unless {@link Builder#deleting(boolean)} says otherwise. A leftover is removed only
 * when it is older than {@link Builder#olderThan(Duration)} (a leftover of unknown age only when
 * the threshold is zero) and when no live checkpoint refers to it: for every checkpoint directory
 * given to {@link Builder#keepReferencedBy(Store, String)}, the latest completed checkpoint ({@code
 * chk-<n>} with a {@code _metadata} file) is read, and a leftover whose id occurs in its files is
 * kept. Choose the age well above the checkpoint interval: an upload younger than the last
 * completed checkpoint is not in it yet.
 *
 * <pre>{@code
 * SweepReport report =
 *     OrphanSweeper.builder(registry.store("lake"))
 *         .olderThan(Duration.ofHours(24))
 *         .keepReferencedBy(registry.store("lake"), "checkpoints")
 *         .deleting(true)
 *         .build()
 *         .sweep();
 * System.out.print(report.toTable());
 * }</pre>
 */
public final class OrphanSweeper {
  private static final Pattern AGE = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");

  private final Store store;
  private final String prefix;
  private final Duration olderThan;
  private final List<Map.Entry<Store, String>> checkpointDirs;
  private final boolean deleting;
  private final Clock clock;

  private OrphanSweeper(Builder b) {
    this.store = b.store;
    this.prefix = b.prefix;
    this.olderThan = b.olderThan;
    this.checkpointDirs = List.copyOf(b.checkpointDirs);
    this.deleting = b.deleting;
    this.clock = b.clock;
  }

  /** A sweeper of {@code store}: everything in it, older than 24 hours, dry run. */
  public static Builder builder(Store store) {
    return new Builder(store);
  }

  /**
   * Parses an age such as {@code 24h}, {@code 90m}, {@code 7d}, {@code 30s}, {@code 0} or an
   * ISO-8601 duration ({@code PT24H}).
   *
   * @throws IllegalArgumentException naming the text when it is not an age
   */
  public static Duration parseAge(String text) {
    String t = text == null ? "" : text.trim();
    Matcher m = AGE.matcher(t.toLowerCase(Locale.ROOT));
    try {
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
          case "ms" -> Duration.ofMillis(n);
          case "m" -> Duration.ofMinutes(n);
          case "h" -> Duration.ofHours(n);
          case "d" -> Duration.ofDays(n);
          default -> Duration.ofSeconds(n);
        };
      }
      Duration d = Duration.parse(t.toUpperCase(Locale.ROOT));
      if (!d.isNegative()) {
        return d;
      }
    } catch (ArithmeticException | java.time.format.DateTimeParseException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "Not an age: '"
            + text
            + "' (expected a number with a unit ms, s, m, h or d, such as 24h, or an ISO-8601"
            + " duration such as PT24H)");
  }

  /**
   * Lists the leftovers, decides for each, and (unless dry-run) removes those that may go. A
   * failure to remove one leftover is recorded in the report and does not stop the others.
   *
   * @throws RemoteStoreException when the store's backend cannot list leftovers
   * @throws IOException when the store or a checkpoint directory cannot be listed or read; nothing
   *     has been removed then
   */
  public SweepReport sweep() throws IOException {
    LeftoverSupport support =
        store
            .unwrap(LeftoverSupport.class)
            .orElseThrow(
                () ->
                    new RemoteStoreException(
                        "Cannot sweep store '"
                            + store.name()
                            + "': its backend '"
                            + store.backendName()
                            + "' (type "
                            + store.backendType()
                            + ") cannot list what crashed writers left (local, s3, azure, sftp and sql-blob"
                            + " can)",
                        store.backendName(),
                        prefix));
    Instant now = clock.instant();
    List<Leftover> leftovers = new ArrayList<>(support.listLeftovers(prefix));
    leftovers.sort(Comparator.comparing(Leftover::key).thenComparing(Leftover::id));
    Instant cutoff = now.minus(olderThan);
    List<Leftover> old = new ArrayList<>();
    for (Leftover l : leftovers) {
      if (l.startedAt() == null ? olderThan.isZero() : !l.startedAt().isAfter(cutoff)) {
        old.add(l);
      }
    }
    List<String> checkpoints = new ArrayList<>();
    Map<String, String> referenced = new java.util.HashMap<>();
    for (Map.Entry<Store, String> dir : checkpointDirs) {
      Store cs = dir.getKey();
      List<List<String>> latest = CheckpointReferences.latestCompleted(cs, dir.getValue());
      List<String> ids = old.stream().map(Leftover::id).distinct().toList();
      CheckpointReferences.referenced(cs, latest, ids)
          .forEach((id, chk) -> referenced.putIfAbsent(id, cs.name() + ":" + chk));
      latest.forEach(chk -> checkpoints.add(cs.name() + ":" + chk.get(0)));
    }
    List<Entry> entries = new ArrayList<>();
    java.util.Set<Leftover> oldEnough = new java.util.HashSet<>(old);
    for (Leftover l : leftovers) {
      if (!oldEnough.contains(l)) {
        entries.add(new Entry(l, Decision.KEPT_RECENT, ""));
      } else if (referenced.containsKey(l.id())) {
        entries.add(new Entry(l, Decision.KEPT_REFERENCED, referenced.get(l.id())));
      } else if (!deleting) {
        entries.add(new Entry(l, Decision.WOULD_REMOVE, ""));
      } else {
        entries.add(remove(support, l));
      }
    }
    return new SweepReport(store.name(), prefix, olderThan, deleting, checkpoints, entries, now);
  }

  private static Entry remove(LeftoverSupport support, Leftover l) {
    try {
      return new Entry(l, support.removeLeftover(l) ? Decision.REMOVED : Decision.GONE, "");
    } catch (IOException | RuntimeException e) {
      return new Entry(l, Decision.FAILED, e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  /** Builds an {@link OrphanSweeper}; not thread-safe, the sweeper it builds is immutable. */
  public static final class Builder {
    private final Store store;
    private String prefix = "";
    private Duration olderThan = Duration.ofHours(24);
    private final List<Map.Entry<Store, String>> checkpointDirs = new ArrayList<>();
    private boolean deleting;
    private Clock clock = Clock.systemUTC();

    private Builder(Store store) {
      this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * Sweeps only at or below this folder of the store ({@code ""}, the default, for all of it).
     *
     * @throws org.remotestore.InvalidPath when it is not a valid store path
     */
    public Builder prefix(String folder) throws org.remotestore.InvalidPath {
      this.prefix = StorePaths.normalize(folder, store.backendName());
      return this;
    }

    /** Removes only leftovers at least this old (default 24 hours; zero: any age). */
    public Builder olderThan(Duration age) {
      if (Objects.requireNonNull(age, "age").isNegative()) {
        throw new IllegalArgumentException("The age threshold must not be negative: " + age);
      }
      this.olderThan = age;
      return this;
    }

    /**
     * Keeps every leftover that the latest completed checkpoint below {@code dir} (a Flink
     * checkpoint directory, a job's folder in it, or one checkpoint or savepoint) refers to. May be
     * given several times.
     */
    public Builder keepReferencedBy(Store checkpointStore, String dir) {
      checkpointDirs.add(
          Map.entry(Objects.requireNonNull(checkpointStore, "checkpointStore"), dir));
      return this;
    }

    /** Whether to remove ({@code true}) or only report (the default). */
    public Builder deleting(boolean delete) {
      this.deleting = delete;
      return this;
    }

    /** The clock that ages are measured against (default: the system clock). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The sweeper. */
    public OrphanSweeper build() {
      return new OrphanSweeper(this);
    }
  }
}
