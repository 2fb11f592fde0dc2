package org.remotestore.sql;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.remotestore.InvalidPath;
import org.remotestore.spi.Leftover;
import org.remotestore.spi.LeftoverSupport;

/**
 * What crashed writers leave in a {@code sql-blob} database, all invisible to readers:
 *
 * <ul>
 *   <li>kind {@value #KIND_STAGED_CHUNKS}: the staging rows of a resumable write (Flink's
 *       RecoverableWriter) that was never committed, one leftover per upload id; the id is {@code
 *       rs-upload-<hex>}, which the upload's persisted state carries as text, so that the sweeper
 *       keeps what a live checkpoint still refers to; the age is the newest row's {@code
 *       created_at};
 *   <li>kind {@value #KIND_UNPUBLISHED_CHUNKS}: the chunks of a plain write of more than one chunk
 *       that never published its row. Such a write registers itself with a marker row in the
 *       staging table ({@code upload_id} = its {@code blob_id}, {@code seq} = {@value #MARKER_SEQ},
 *       the target key and the time, refreshed at least once a minute while chunks are written);
 *       publishing deletes the marker in the publishing transaction. The id is {@code
 *       rs-blob-<hex>}.
 * </ul>
 *
 * Removing takes the rows away in one transaction. Removing the marker of a write that is still
 * running makes that write fail when it publishes (it finds its marker gone) instead of publishing
 * a file with missing chunks; a sweep never touches a published file.
 */
final class SqlBlobLeftovers implements LeftoverSupport {
  /** Kind of the staging rows of a resumable write that was never committed. */
  static final String KIND_STAGED_CHUNKS = "staged-chunks";

  /** Kind of the chunks of a plain write that never published its row. */
  static final String KIND_UNPUBLISHED_CHUNKS = "unpublished-chunks";

  /** The {@code seq} of the marker row of a plain write in the staging table. */
  static final int MARKER_SEQ = Integer.MIN_VALUE;

  private static final String UPLOAD_PREFIX = "rs-upload-";
  private static final String BLOB_PREFIX = "rs-blob-";

  private final SqlExecutor executor;
  private final SqlBlobSettings settings;

  SqlBlobLeftovers(SqlExecutor executor, SqlBlobSettings settings) {
    this.executor = executor;
    this.settings = settings;
  }

  /** The text id of a resumable upload, as its state carries it and the leftover names it. */
  static String uploadId(long upload) {
    return UPLOAD_PREFIX + Long.toHexString(upload);
  }

  /** Registers a plain write's chunks under {@code key} (before its first chunk). */
  void mark(Connection c, long blobId, String key) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO "
                + settings.stagingTable()
                + " (upload_id, seq, target_key, created_at, data) VALUES (?, ?, ?, ?, ?)")) {
      ps.setLong(1, blobId);
      ps.setInt(2, MARKER_SEQ);
      ps.setString(3, key);
      ps.setLong(4, System.currentTimeMillis());
      ps.setBytes(5, new byte[0]);
      ps.executeUpdate();
    }
  }

  /** Moves a live write's marker time forward; false when the marker is gone. */
  boolean touch(Connection c, long blobId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE "
                + settings.stagingTable()
                + " SET created_at = ? WHERE upload_id = ? AND seq = ?")) {
      ps.setLong(1, System.currentTimeMillis());
      ps.setLong(2, blobId);
      ps.setInt(3, MARKER_SEQ);
      return ps.executeUpdate() == 1;
    }
  }

  /** Deletes a write's marker; false when it was gone already (removed by a sweep). */
  boolean unmark(Connection c, long blobId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "DELETE FROM " + settings.stagingTable() + " WHERE upload_id = ? AND seq = ?")) {
      ps.setLong(1, blobId);
      ps.setInt(2, MARKER_SEQ);
      return ps.executeUpdate() == 1;
    }
  }

  @Override
  public List<Leftover> listLeftovers(String folderKey) throws IOException {
    String prefix = folderKey.isEmpty() ? "" : folderKey + "/";
    return executor.run(
        "listLeftovers",
        folderKey,
        c -> {
          List<Leftover> out = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT upload_id, MIN(seq), MIN(target_key), MAX(created_at),"
                      + " SUM(LENGTH(data)) FROM "
                      + settings.stagingTable()
                      + " GROUP BY upload_id")) {
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                String key = rs.getString(3);
                if (!prefix.isEmpty() && !key.equals(folderKey) && !key.startsWith(prefix)) {
                  continue;
                }
                long id = rs.getLong(1);
                Instant at = Instant.ofEpochMilli(rs.getLong(4));
                if (rs.getInt(2) == MARKER_SEQ) {
                  out.add(
                      new Leftover(
                          key,
                          KIND_UNPUBLISHED_CHUNKS,
                          BLOB_PREFIX + Long.toHexString(id),
                          at,
                          -1));
                } else {
                  out.add(new Leftover(key, KIND_STAGED_CHUNKS, uploadId(id), at, rs.getLong(5)));
                }
              }
            }
          }
          return out;
        });
  }

  @Override
  public boolean removeLeftover(Leftover leftover) throws IOException {
    String key = leftover.key();
    String id = leftover.id();
    boolean staged = leftover.kind().equals(KIND_STAGED_CHUNKS) && id.startsWith(UPLOAD_PREFIX);
    boolean unpublished =
        leftover.kind().equals(KIND_UNPUBLISHED_CHUNKS) && id.startsWith(BLOB_PREFIX);
    long number;
    try {
      number = Long.parseUnsignedLong(id.substring(id.indexOf('-', 3) + 1), 16);
    } catch (RuntimeException e) {
      number = 0;
    }
    if ((!staged && !unpublished) || number == 0) {
      throw new InvalidPath(
          "Refusing to remove '"
              + key
              + "' ("
              + leftover.kind()
              + " "
              + id
              + ") on backend '"
              + executor.backend()
              + "': not a leftover of a sql-blob writer",
          executor.backend(),
          key);
    }
    long upload = number;
    return executor.inTransaction(
        "removeLeftover",
        key,
        c -> {
          if (staged) {
            try (PreparedStatement ps =
                c.prepareStatement(
                    "DELETE FROM "
                        + settings.stagingTable()
                        + " WHERE upload_id = ? AND target_key = ? AND seq <> ?")) {
              ps.setLong(1, upload);
              ps.setString(2, key);
              ps.setInt(3, MARKER_SEQ);
              return ps.executeUpdate() > 0;
            }
          }
          if (!unmark(c, upload)) {
            return false; // published or removed meanwhile
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "DELETE FROM "
                      + settings.chunkTable()
                      + " WHERE blob_id = ? AND NOT EXISTS (SELECT 1 FROM "
                      + settings.table()
                      + " WHERE blob_id = ?)")) {
            ps.setLong(1, upload);
            ps.setLong(2, upload);
            ps.executeUpdate();
          }
          return true;
        });
  }
}
