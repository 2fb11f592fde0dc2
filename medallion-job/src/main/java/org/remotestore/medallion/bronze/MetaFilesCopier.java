package org.remotestore.medallion.bronze;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.remotestore.ConditionalRead;
import org.remotestore.Store;
import org.remotestore.meteoswiss.FeedFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the feed's metadata files ({@value FeedFile#META_STATIONS}, {@value
 * FeedFile#META_PARAMETERS}, {@value FeedFile#META_DATA_INVENTORY}) whole into a lake folder when
 * they change.
 *
 * <p>Each {@link #copyChanged()} sends one conditional GET per file ({@code If-None-Match} with the
 * ETag of the last copy); a {@code 304} costs nothing, a changed (or never copied) file is copied
 * through the {@link MetaFilesTarget} and its ETag remembered only once the copy succeeded. A copy
 * overwrites the previous one (idempotent), so copying again after a restart is harmless. A failing
 * file is logged and retried on the next call; the others are still copied.
 */
public final class MetaFilesCopier {
  private static final Logger LOG = LoggerFactory.getLogger(MetaFilesCopier.class);

  /** The metadata files, by their names at the data root. */
  public static final List<String> FILES =
      List.of(FeedFile.META_STATIONS, FeedFile.META_PARAMETERS, FeedFile.META_DATA_INVENTORY);

  private final Store feed;
  private final MetaFilesTarget target;
  private final Map<String, String> etags = new HashMap<>();
  private long copies;
  private long failures;

  /**
   * Creates the copier.
   *
   * @param feed a store at the feed's data root (uncached, so conditional GETs reach the server)
   * @param target the lake folder the files are copied into
   */
  public MetaFilesCopier(Store feed, MetaFilesTarget target) {
    this.feed = feed;
    this.target = target;
  }

  /** Checks every file and copies those that changed; returns the names copied. */
  public List<String> copyChanged() {
    List<String> copied = new ArrayList<>();
    for (String name : FILES) {
      try {
        String etag;
        try (ConditionalRead answer = feed.readIfChanged(name, etags.get(name), null)) {
          if (!answer.isModified()) {
            continue;
          }
          etag = answer.info() == null ? null : answer.info().etag();
        }
        target.copy(feed, name);
        copies++;
        copied.add(name);
        if (etag != null) {
          etags.put(name, etag);
        }
        LOG.info("Copied {} (ETag {}) to {}", name, etag, target);
      } catch (IOException | RuntimeException e) {
        failures++;
        LOG.warn("Copying {} to {} failed; retrying at the next check", name, target, e);
      }
    }
    return copied;
  }

  /** How many files were copied so far. */
  public long copies() {
    return copies;
  }

  /** How many copies failed so far. */
  public long failures() {
    return failures;
  }
}
