package org.remotestore.meteoswiss.source;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.flink.api.connector.source.SourceSplit;

/**
 * One long-lived feed of the MeteoSwiss source: the files of one station at one granularity, for
 * example {@code ber/ogd-smn_ber_t_now.csv}, together with everything needed to resume it exactly.
 *
 * <p>A split reads its {@link #pendingFiles() pending files} once each, in order (for backfill: the
 * historical decades, then {@code recent}), and then polls its {@link #pollFile() poll file}
 * forever ({@code now} in continuous mode). A bounded split has no poll file and finishes after the
 * last pending file.
 *
 * <p>The progress fields make a restore emit exactly the rows not yet emitted: {@link
 * #lastEmitted()} is the newest {@code reference_timestamp} emitted; rows at or before it are
 * either skipped or, inside the revision window, compared with {@link #revisionWindow()} and
 * emitted again only when their content changed. The validators ({@link #etag()}, {@link
 * #lastModified()}) belong to the last version of the poll file whose rows were all emitted, so a
 * version read only half-way is fetched again after a restore.
 *
 * <p>Instances are immutable.
 */
public final class FeedSplit implements SourceSplit {
  /** {@link #lastEmitted()} when nothing was emitted yet. */
  public static final long NOTHING_EMITTED = Long.MIN_VALUE;

  private final String station;
  private final String granularity;
  private final List<String> pendingFiles;
  private final String pollFile;
  private final String etag;
  private final Instant lastModified;
  private final TreeMap<String, FileChecksum> checksums;
  private final String contentSha256;
  private final long lastEmitted;
  private final TreeMap<Long, RowDigest> revisionWindow;
  private final String unknown;

  private FeedSplit(Builder b) {
    this.station = Objects.requireNonNull(b.station, "station").toUpperCase(Locale.ROOT);
    this.granularity =
        Objects.requireNonNull(b.granularity, "granularity").toLowerCase(Locale.ROOT);
    this.pendingFiles = List.copyOf(b.pendingFiles);
    this.pollFile = b.pollFile;
    this.etag = b.etag;
    this.lastModified = b.lastModified;
    this.checksums = new TreeMap<>(b.checksums);
    this.contentSha256 = b.contentSha256;
    this.lastEmitted = b.lastEmitted;
    this.revisionWindow = new TreeMap<>(b.revisionWindow);
    this.unknown = b.unknown;
  }

  /** A builder for a fresh split of {@code station} at {@code granularity}. */
  public static Builder builder(String station, String granularity) {
    Builder b = new Builder();
    b.station = station;
    b.granularity = granularity;
    return b;
  }

  /** A builder initialised with this split's fields. */
  public Builder toBuilder() {
    Builder b = builder(station, granularity);
    b.pendingFiles.addAll(pendingFiles);
    b.pollFile = pollFile;
    b.etag = etag;
    b.lastModified = lastModified;
    b.checksums.putAll(checksums);
    b.contentSha256 = contentSha256;
    b.lastEmitted = lastEmitted;
    b.revisionWindow.putAll(revisionWindow);
    b.unknown = unknown;
    return b;
  }

  /** The id of the split for a station and granularity, for example {@code ber/t}. */
  public static String idOf(String station, String granularity) {
    return station.toLowerCase(Locale.ROOT) + "/" + granularity.toLowerCase(Locale.ROOT);
  }

  @Override
  public String splitId() {
    return idOf(station, granularity);
  }

  /** The station code in upper case, for example {@code BER}. */
  public String station() {
    return station;
  }

  /** The granularity code: {@code t}, {@code h}, {@code d}, {@code m} or {@code y}. */
  public String granularity() {
    return granularity;
  }

  /** Files (relative to the data root) still to read once each, in order. */
  public List<String> pendingFiles() {
    return pendingFiles;
  }

  /** The file polled after the pending files, or {@code null} when the split ends after them. */
  public String pollFile() {
    return pollFile;
  }

  /** The ETag of the last fully emitted version of the poll file, or {@code null}. */
  public String etag() {
    return etag;
  }

  /** The Last-Modified of the last fully emitted version of the poll file, or {@code null}. */
  public Instant lastModified() {
    return lastModified;
  }

  /**
   * The STAC {@code file:checksum} listed for the files still to be verified (pending files and the
   * poll file until a version of it was read), by feed path.
   */
  public SortedMap<String, FileChecksum> checksums() {
    return Collections.unmodifiableSortedMap(checksums);
  }

  /** The SHA-256 (hex) of the last fully emitted body of the poll file, or {@code null}. */
  public String contentSha256() {
    return contentSha256;
  }

  /** The newest emitted {@code reference_timestamp} (epoch millis), or {@link #NOTHING_EMITTED}. */
  public long lastEmitted() {
    return lastEmitted;
  }

  /** Digests of the emitted rows inside the revision window, by timestamp (epoch millis). */
  public SortedMap<Long, RowDigest> revisionWindow() {
    return Collections.unmodifiableSortedMap(revisionWindow);
  }

  /**
   * Why the station cannot be read (the feed does not know it), until the reader has reported it;
   * {@code null} for a station that exists. Such a split has no files.
   */
  public String unknown() {
    return unknown;
  }

  /** Whether this split never ends. */
  public boolean isUnbounded() {
    return pollFile != null;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof FeedSplit s)) {
      return false;
    }
    return station.equals(s.station)
        && granularity.equals(s.granularity)
        && pendingFiles.equals(s.pendingFiles)
        && Objects.equals(pollFile, s.pollFile)
        && Objects.equals(etag, s.etag)
        && Objects.equals(lastModified, s.lastModified)
        && checksums.equals(s.checksums)
        && Objects.equals(contentSha256, s.contentSha256)
        && lastEmitted == s.lastEmitted
        && revisionWindow.equals(s.revisionWindow)
        && Objects.equals(unknown, s.unknown);
  }

  @Override
  public int hashCode() {
    return Objects.hash(station, granularity, pendingFiles, pollFile, etag, lastEmitted);
  }

  @Override
  public String toString() {
    return "FeedSplit{"
        + splitId()
        + ", pending="
        + pendingFiles
        + ", poll="
        + pollFile
        + ", etag="
        + etag
        + ", lastEmitted="
        + (lastEmitted == NOTHING_EMITTED ? "none" : Instant.ofEpochMilli(lastEmitted))
        + ", revisionWindow="
        + revisionWindow.size()
        + (unknown == null ? "" : ", unknown station")
        + "}";
  }

  /** Builds a {@link FeedSplit}. */
  public static final class Builder {
    private String station;
    private String granularity;
    private final List<String> pendingFiles = new ArrayList<>();
    private String pollFile;
    private String etag;
    private Instant lastModified;
    private final TreeMap<String, FileChecksum> checksums = new TreeMap<>();
    private String contentSha256;
    private long lastEmitted = NOTHING_EMITTED;
    private final TreeMap<Long, RowDigest> revisionWindow = new TreeMap<>();
    private String unknown;

    private Builder() {}

    /** Replaces the pending files. */
    public Builder pendingFiles(List<String> files) {
      pendingFiles.clear();
      pendingFiles.addAll(files);
      return this;
    }

    /** Sets the poll file ({@code null}: bounded). */
    public Builder pollFile(String file) {
      this.pollFile = file;
      return this;
    }

    /** Sets the validators of the last fully emitted version of the poll file. */
    public Builder validators(String etag, Instant lastModified) {
      this.etag = etag;
      this.lastModified = lastModified;
      return this;
    }

    /** Replaces the listed checksums of the files to verify, by feed path. */
    public Builder checksums(Map<String, FileChecksum> byPath) {
      checksums.clear();
      checksums.putAll(byPath);
      return this;
    }

    /** Sets the SHA-256 of the last fully emitted body. */
    public Builder contentSha256(String sha256) {
      this.contentSha256 = sha256;
      return this;
    }

    /** Sets the newest emitted timestamp. */
    public Builder lastEmitted(long epochMillis) {
      this.lastEmitted = epochMillis;
      return this;
    }

    /** Replaces the digests of the rows inside the revision window. */
    public Builder revisionWindow(Map<Long, RowDigest> digests) {
      revisionWindow.clear();
      revisionWindow.putAll(digests);
      return this;
    }

    /** Marks the station unknown to the feed, with the error to report ({@code null}: known). */
    public Builder unknown(String reason) {
      this.unknown = reason;
      return this;
    }

    /** Builds the split. */
    public FeedSplit build() {
      return new FeedSplit(this);
    }
  }
}
