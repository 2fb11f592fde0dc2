package org.remotestore.meteoswiss.source;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.TreeMap;
import org.remotestore.meteoswiss.FeedFile;
import org.remotestore.meteoswiss.Granularity;
import org.remotestore.meteoswiss.MeasurementRow;
import org.remotestore.meteoswiss.ParsedLine;
import org.remotestore.meteoswiss.Period;
import org.remotestore.meteoswiss.RejectedRow;

/**
 * The mutable progress of one split inside a reader, and the rules deciding which parsed lines of a
 * fetched file are emitted. Not thread-safe: only the reader's task thread touches it.
 *
 * <p>The rules, for each line of a file in order:
 *
 * <ul>
 *   <li>a row newer than the newest emitted timestamp is emitted (revision 0);
 *   <li>an older row inside the revision window is compared with the digest remembered for its
 *       timestamp: unchanged rows are skipped, changed rows are emitted with the next revision
 *       number; a row never seen although it lies after the oldest remembered row (a late row) is
 *       emitted with revision 0, an older one (before this split began) is skipped;
 *   <li>an older row outside the window is skipped;
 *   <li>a rejected line is emitted when it lies inside the revision window or after it and was not
 *       reported by this reader before (rejected lines are reported at least once).
 * </ul>
 *
 * <p>The window is measured in event time: rows older than {@code lastEmitted - window} are
 * forgotten. The state only advances through {@link #markEmitted(Emission)} and {@link
 * #completeFile}, so a snapshot taken half-way through a file describes exactly what was emitted.
 */
final class SplitProgress {
  private static final int MAX_REMEMBERED_REJECTS = 4096;

  private final String station;
  private final Granularity granularity;
  private final long windowMillis;
  private final Deque<String> pendingFiles;
  private String pollFile;
  private String etag;
  private Instant lastModified;
  private final TreeMap<String, FileChecksum> checksums;
  private String contentSha256;
  private long lastEmitted;
  private final TreeMap<Long, RowDigest> window;
  private String unknown;

  // transient, not checkpointed
  private final java.util.LinkedHashSet<String> reportedRejects = new java.util.LinkedHashSet<>();
  private long catchUpAttemptedAt = FeedSplit.NOTHING_EMITTED - 1;

  SplitProgress(FeedSplit split, long windowMillis) {
    this.station = split.station();
    this.granularity = Granularity.of(split.granularity());
    this.windowMillis = windowMillis;
    this.pendingFiles = new ArrayDeque<>(split.pendingFiles());
    this.pollFile = split.pollFile();
    this.etag = split.etag();
    this.lastModified = split.lastModified();
    this.checksums = new TreeMap<>(split.checksums());
    this.contentSha256 = split.contentSha256();
    this.lastEmitted = split.lastEmitted();
    this.window = new TreeMap<>(split.revisionWindow());
    this.unknown = split.unknown();
  }

  /**
   * Why the station cannot be read, if the feed does not know it and that was not reported yet; the
   * caller reports it and calls {@link #unknownReported()}.
   */
  String unknown() {
    return unknown;
  }

  /** The unknown station was reported: a snapshot no longer carries it. */
  void unknownReported() {
    unknown = null;
  }

  String splitId() {
    return FeedSplit.idOf(station, granularity.token());
  }

  String station() {
    return station;
  }

  Granularity granularity() {
    return granularity;
  }

  long lastEmitted() {
    return lastEmitted;
  }

  /** The file to fetch next: the first pending file, else the poll file, else {@code null}. */
  String currentFile() {
    return pendingFiles.isEmpty() ? pollFile : pendingFiles.peekFirst();
  }

  /** Whether the current file is the poll file (fetched conditionally, again and again). */
  boolean currentIsPollFile() {
    return pendingFiles.isEmpty() && pollFile != null;
  }

  /** Files still to be read once (the poll file, read again and again, is not counted). */
  int filesPending() {
    return pendingFiles.size();
  }

  /** Whether nothing is left to read. */
  boolean isFinished() {
    return currentFile() == null;
  }

  String etag() {
    return currentIsPollFile() ? etag : null;
  }

  Instant lastModified() {
    return currentIsPollFile() ? lastModified : null;
  }

  String contentSha256() {
    return currentIsPollFile() ? contentSha256 : null;
  }

  /**
   * The listed checksum a full body of {@code file} must have, or {@code null}. A file's checksum
   * is dropped once a version of it was read to the end (a poll file changes afterwards).
   */
  FileChecksum expectedChecksum(String file) {
    return checksums.get(file);
  }

  /**
   * Whether a fetched {@code now} file starts after a gap following the newest emitted row, which
   * happens after an outage longer than the {@code now} window. The caller then reads {@code
   * recent} first (see {@link #scheduleCatchUp()}). Asked once per gap.
   */
  boolean needsCatchUp(List<ParsedLine> lines) {
    MeasurementRow first = null;
    for (ParsedLine line : lines) {
      if (line instanceof MeasurementRow row) {
        first = row;
        break;
      }
    }
    return mayNeedCatchUp() && needsCatchUp(first);
  }

  /** Whether a poll of the current file could show a gap (cheap; no body needed). */
  boolean mayNeedCatchUp() {
    return currentIsPollFile()
        && lastEmitted != FeedSplit.NOTHING_EMITTED
        && catchUpAttemptedAt != lastEmitted
        && granularity.periods().contains(Period.RECENT)
        && FeedFile.parse(pollFile).period() == Period.NOW;
  }

  /**
   * Whether the first row of a fetched poll file lies after a gap (see {@link #mayNeedCatchUp}).
   */
  boolean needsCatchUp(MeasurementRow firstRow) {
    if (firstRow == null || !mayNeedCatchUp()) {
      return false;
    }
    long expectedNext = granularity.next(Instant.ofEpochMilli(lastEmitted)).toEpochMilli();
    return firstRow.referenceTimestamp().toEpochMilli() > expectedNext;
  }

  /** Puts the {@code recent} file in front of the poll file, to close a gap. */
  void scheduleCatchUp() {
    catchUpAttemptedAt = lastEmitted;
    pendingFiles.addFirst(FeedFile.recent(station, granularity).path());
  }

  /** Decides, without changing any state, what to emit from the lines of a fetched file. */
  List<Emission> plan(List<ParsedLine> lines) {
    List<Emission> out = new ArrayList<>();
    Planner planner = planner();
    for (ParsedLine line : lines) {
      Emission e = planner.offer(line);
      if (e != null) {
        out.add(e);
      }
    }
    return out;
  }

  /**
   * A planner for one fetched file: it is offered the file's lines in order, one at a time, and
   * decides for each whether it is emitted (the rules of this class), without changing the split's
   * state; {@link #markEmitted} does that as the emissions are handed to Flink.
   */
  Planner planner() {
    return new Planner();
  }

  /** Decides line by line; remembers only the decisions of the last revision window. */
  final class Planner {
    private long newest = lastEmitted;
    private final long startOfConsumed = lastEmitted;
    private long previousRowTs = Long.MIN_VALUE;
    private final TreeMap<Long, RowDigest> planned = new TreeMap<>();

    private Planner() {}

    /** The emission for {@code line}, or {@code null} when it is skipped. */
    Emission offer(ParsedLine line) {
      if (line instanceof RejectedRow rejected) {
        boolean afterConsumed =
            startOfConsumed == FeedSplit.NOTHING_EMITTED
                || previousRowTs >= startOfConsumed - windowMillis;
        if (afterConsumed && !reportedRejects.contains(rejectKey(rejected))) {
          return new Emission(rejected, Math.max(newest, 0L), null);
        }
        return null;
      }
      MeasurementRow row = (MeasurementRow) line;
      long ts = row.referenceTimestamp().toEpochMilli();
      previousRowTs = ts;
      long hash = RowDigest.contentHash(row);
      if (newest == FeedSplit.NOTHING_EMITTED || ts > newest) {
        RowDigest digest = new RowDigest(hash, 0);
        remember(ts, digest);
        newest = ts;
        return new Emission(row.withRevision(0), ts, digest);
      }
      if (ts < newest - windowMillis) {
        return null;
      }
      RowDigest known = planned.containsKey(ts) ? planned.get(ts) : window.get(ts);
      if (known == null && (window.isEmpty() || ts < window.firstKey())) {
        return null; // before the rows this split ever covered: not a late row
      }
      if (known == null) {
        RowDigest digest = new RowDigest(hash, 0);
        remember(ts, digest);
        return new Emission(row.withRevision(0), ts, digest);
      } else if (known.contentHash() != hash) {
        RowDigest digest = new RowDigest(hash, known.revision() + 1);
        remember(ts, digest);
        return new Emission(row.withRevision(digest.revision()), ts, digest);
      }
      return null;
    }

    private void remember(long ts, RowDigest digest) {
      planned.put(ts, digest);
      if (newest != FeedSplit.NOTHING_EMITTED && newest - windowMillis > Long.MIN_VALUE) {
        planned.headMap(newest - windowMillis).clear();
      }
    }
  }

  /** Records that an emission planned by {@link #plan} was handed to Flink. */
  void markEmitted(Emission e) {
    if (e.digest() == null) {
      reportedRejects.add(rejectKey((RejectedRow) e.line()));
      while (reportedRejects.size() > MAX_REMEMBERED_REJECTS) {
        reportedRejects.remove(reportedRejects.iterator().next());
      }
      return;
    }
    window.put(e.timestamp(), e.digest());
    if (e.timestamp() > lastEmitted || lastEmitted == FeedSplit.NOTHING_EMITTED) {
      lastEmitted = e.timestamp();
    }
    if (lastEmitted - windowMillis > Long.MIN_VALUE) {
      window.headMap(lastEmitted - windowMillis).clear();
    }
  }

  /**
   * Records that every emission of the current file was handed to Flink: a pending file is done, a
   * poll file's validators are remembered so the next poll is conditional.
   */
  void completeFile(String file, String newEtag, Instant newLastModified, String sha256) {
    if (!file.equals(currentFile())) {
      throw new IllegalStateException(
          "Completed " + file + " but the current file is " + currentFile());
    }
    checksums.remove(file);
    if (currentIsPollFile()) {
      this.etag = newEtag;
      this.lastModified = newLastModified;
      this.contentSha256 = sha256;
    } else {
      pendingFiles.removeFirst();
    }
  }

  /** Skips the current pending file (it does not exist, e.g. a decade before the station began). */
  void skipPendingFile(String file) {
    if (currentIsPollFile() || !file.equals(pendingFiles.peekFirst())) {
      throw new IllegalStateException(
          "Cannot skip " + file + ": it is not the current pending file");
    }
    pendingFiles.removeFirst();
    checksums.remove(file);
  }

  /**
   * Ends the split: nothing more is fetched (its feed has passed the end of the time range; the
   * files of a station ascend in time, so the rest lies after it too).
   */
  void endSplit() {
    pendingFiles.clear();
    pollFile = null;
    checksums.clear();
  }

  /** The checkpointable state. */
  FeedSplit snapshot() {
    return FeedSplit.builder(station, granularity.token())
        .pendingFiles(new ArrayList<>(pendingFiles))
        .pollFile(pollFile)
        .validators(etag, lastModified)
        .checksums(checksums)
        .contentSha256(contentSha256)
        .lastEmitted(lastEmitted)
        .revisionWindow(window)
        .unknown(unknown)
        .build();
  }

  private static String rejectKey(RejectedRow r) {
    return r.sourceFile() + '\n' + r.rawLine();
  }

  /**
   * One line to hand to Flink.
   *
   * @param line the row (with its revision number set) or the rejected line
   * @param timestamp the event time to emit it with
   * @param digest the digest to remember for a row, {@code null} for a rejected line
   */
  record Emission(ParsedLine line, long timestamp, RowDigest digest) {}
}
