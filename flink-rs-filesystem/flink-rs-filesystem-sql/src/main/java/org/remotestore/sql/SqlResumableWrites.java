package org.remotestore.sql;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.remotestore.FileInfo;
import org.remotestore.NotFound;
import org.remotestore.RemoteStoreException;
import org.remotestore.spi.ResumableWrites;

/**
 * Resumable writes on a {@code sql-blob} backend, for Flink's RecoverableWriter: full chunks are
 * staged in the staging table as they fill, {@link PendingUpload#persist()} stages the partial tail
 * too (each persist its own tail row) and returns a {@link SqlUploadState}, and {@link
 * #commit(byte[])} moves the staged chunks under the target key in one transaction: copied into the
 * chunk table, the row published, the upload's staging rows deleted. Nothing is visible at the key
 * before that transaction commits.
 *
 * <p>Every persisted state stays resumable on its own: a resumed upload writes under a new upload
 * id and never touches the rows of the state it came from. {@link #cleanup(byte[])} drops a
 * superseded state's tail; the commit drops everything staged for the file by the upload and by the
 * uploads it was resumed from (no earlier state is resumed once a later one is committed).
 */
final class SqlResumableWrites implements ResumableWrites {
  private final SqlBlobBackend backend;
  private final SqlBlobSettings settings;
  private final SqlBlobRows rows;

  SqlResumableWrites(SqlBlobBackend backend, SqlBlobSettings settings, SqlBlobRows rows) {
    this.backend = backend;
    this.settings = settings;
    this.rows = rows;
  }

  private SqlUploadState decode(byte[] state) throws RemoteStoreException {
    return SqlUploadState.decode(state, backend.name());
  }

  @Override
  public PendingUpload begin(String key) {
    return new Upload(key, settings.chunkSize(), List.of(), List.of(), 0, new byte[0], 0);
  }

  @Override
  public PendingUpload resume(byte[] resumeState) throws IOException {
    SqlUploadState s = decode(resumeState);
    byte[] tail = new byte[0];
    if (s.tailLength() > 0) {
      byte[] staged =
          backend
              .db()
              .run(
                  "resume",
                  s.targetKey(),
                  c -> {
                    try (PreparedStatement ps =
                        c.prepareStatement(
                            "SELECT data FROM "
                                + settings.stagingTable()
                                + " WHERE upload_id = ? AND seq = ?")) {
                      ps.setLong(1, s.tailUpload());
                      ps.setInt(2, s.tailSeq());
                      try (ResultSet rs = ps.executeQuery()) {
                        return rs.next() ? rs.getBytes(1) : null;
                      }
                    }
                  });
      if (staged == null || staged.length < s.tailLength()) {
        throw new NotFound(
            "Cannot resume upload to '"
                + s.targetKey()
                + "': its staged tail is gone (committed or cleaned up)",
            backend.name(),
            s.targetKey());
      }
      tail = Arrays.copyOf(staged, s.tailLength());
    }
    return new Upload(
        s.targetKey(), s.chunkSize(), s.segments(), s.uploads(), s.fullChunks(), tail, s.length());
  }

  @Override
  public void commit(byte[] commitState) throws IOException {
    SqlUploadState s = decode(commitState);
    int expected =
        s.segments().stream().mapToInt(g -> g.toSeq() - g.fromSeq()).sum()
            + (s.tailLength() > 0 ? 1 : 0);
    boolean done =
        backend
            .db()
            .inTransaction(
                "commit",
                s.targetKey(),
                c -> {
                  int found = countStaged(c, s);
                  if (found == 0 && expected > 0) {
                    return false; // committed before, or lost: decided below
                  }
                  if (found != expected) {
                    throw new RemoteStoreException(
                        "Cannot commit upload to '"
                            + s.targetKey()
                            + "': "
                            + (expected - found)
                            + " staged chunks are missing",
                        backend.name(),
                        s.targetKey());
                  }
                  long blobId = SqlBlobRows.newId();
                  copyStaged(c, s, blobId);
                  rows.publish(
                      c,
                      s.targetKey(),
                      new SqlBlobRows.Row(
                          blobId,
                          s.length(),
                          System.currentTimeMillis(),
                          SqlBlobRows.contentType(s.targetKey()),
                          null,
                          s.chunkSize(),
                          null),
                      true);
                  deleteUploads(c, s);
                  return true;
                });
    if (!done) {
      FileInfo target = backend.stat(s.targetKey());
      if (target == null || target.size() != s.length()) {
        throw new NotFound(
            "Cannot commit upload to '"
                + s.targetKey()
                + "': its staged chunks are gone and the target does not hold the expected "
                + s.length()
                + " bytes",
            backend.name(),
            s.targetKey());
      }
    }
  }

  private int countStaged(Connection c, SqlUploadState s) throws SQLException {
    int found = 0;
    String sql =
        "SELECT COUNT(*) FROM "
            + settings.stagingTable()
            + " WHERE upload_id = ? AND seq >= ? AND seq < ?";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (SqlUploadState.Segment g : s.segments()) {
        found += count(ps, g.uploadId(), g.fromSeq(), g.toSeq());
      }
      if (s.tailLength() > 0) {
        found += count(ps, s.tailUpload(), s.tailSeq(), s.tailSeq() + 1);
      }
    }
    return found;
  }

  private static int count(PreparedStatement ps, long upload, int from, int to)
      throws SQLException {
    ps.setLong(1, upload);
    ps.setInt(2, from);
    ps.setInt(3, to);
    try (ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private void copyStaged(Connection c, SqlUploadState s, long blobId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO "
                + settings.chunkTable()
                + " (blob_id, seq, data) SELECT ?, seq, data FROM "
                + settings.stagingTable()
                + " WHERE upload_id = ? AND seq >= ? AND seq < ?")) {
      for (SqlUploadState.Segment g : s.segments()) {
        ps.setLong(1, blobId);
        ps.setLong(2, g.uploadId());
        ps.setInt(3, g.fromSeq());
        ps.setInt(4, g.toSeq());
        ps.executeUpdate();
      }
    }
    if (s.tailLength() > 0) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO "
                  + settings.chunkTable()
                  + " (blob_id, seq, data) SELECT ?, ?, data FROM "
                  + settings.stagingTable()
                  + " WHERE upload_id = ? AND seq = ?")) {
        ps.setLong(1, blobId);
        ps.setInt(2, s.fullChunks());
        ps.setLong(3, s.tailUpload());
        ps.setInt(4, s.tailSeq());
        ps.executeUpdate();
      }
    }
  }

  private void deleteUploads(Connection c, SqlUploadState s) throws SQLException {
    Set<Long> uploads = new LinkedHashSet<>(s.uploads());
    s.segments().forEach(g -> uploads.add(g.uploadId()));
    if (s.tailUpload() != 0) {
      uploads.add(s.tailUpload());
    }
    for (long upload : uploads) {
      deleteUpload(c, upload);
    }
  }

  private void deleteUpload(Connection c, long upload) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("DELETE FROM " + settings.stagingTable() + " WHERE upload_id = ?")) {
      ps.setLong(1, upload);
      ps.executeUpdate();
    }
  }

  @Override
  public boolean cleanup(byte[] resumeState) throws IOException {
    SqlUploadState s = decode(resumeState);
    if (s.tailLength() == 0) {
      return false;
    }
    return backend
        .db()
        .run(
            "cleanup",
            s.targetKey(),
            c -> {
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "DELETE FROM "
                          + settings.stagingTable()
                          + " WHERE upload_id = ? AND seq = ?")) {
                ps.setLong(1, s.tailUpload());
                ps.setInt(2, s.tailSeq());
                return ps.executeUpdate() > 0;
              }
            });
  }

  @Override
  public boolean requiresCleanup() {
    return true;
  }

  @Override
  public String targetKey(byte[] state) throws IOException {
    return decode(state).targetKey();
  }

  @Override
  public void abort(byte[] commitState) throws IOException {
    SqlUploadState s = decode(commitState);
    backend
        .db()
        .inTransaction(
            "abort",
            s.targetKey(),
            c -> {
              deleteUploads(c, s);
              return null;
            });
  }

  /** An upload in progress: full chunks go to the staging table under this upload's id. */
  private final class Upload implements PendingUpload {
    private final String targetKey;
    private final int chunkSize;
    private final List<SqlUploadState.Segment> prior;
    private final long uploadId = SqlBlobRows.newId();
    private final List<Long> uploads;
    private final int startSeq;
    private int nextSeq;
    private byte[] buffer;
    private int used;
    private long position;
    private int persists;
    private boolean referenced;
    private boolean closed;

    Upload(
        String targetKey,
        int chunkSize,
        List<SqlUploadState.Segment> prior,
        List<Long> earlierUploads,
        int startSeq,
        byte[] tail,
        long position) {
      this.targetKey = Objects.requireNonNull(targetKey, "targetKey");
      this.chunkSize = chunkSize;
      this.prior = prior;
      List<Long> all = new ArrayList<>(earlierUploads);
      all.add(uploadId);
      this.uploads = List.copyOf(all);
      this.startSeq = startSeq;
      this.nextSeq = startSeq;
      this.buffer = Arrays.copyOf(tail, Math.max(tail.length, Math.min(chunkSize, 8192)));
      this.used = tail.length;
      this.position = position;
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
      Objects.checkFromIndexSize(off, len, b.length);
      ensureOpen();
      if (position + len > settings.maxBlobSize()) {
        throw new BlobTooLarge(
            backend.name(),
            targetKey,
            settings.maxBlobSize(),
            "rs.backends." + backend.name() + "." + SqlBlobSettings.MAX_BLOB_SIZE);
      }
      while (len > 0) {
        if (used == chunkSize) {
          stage(nextSeq, buffer, used);
          nextSeq++;
          used = 0;
        }
        if (used == buffer.length) {
          buffer = Arrays.copyOf(buffer, Math.min(chunkSize, buffer.length * 2));
        }
        int n = Math.min(len, buffer.length - used);
        System.arraycopy(b, off, buffer, used, n);
        used += n;
        off += n;
        len -= n;
        position += n;
      }
    }

    private void stage(int seq, byte[] data, int length) throws IOException {
      byte[] bytes = length == data.length ? data : Arrays.copyOf(data, length);
      backend
          .db()
          .run(
              "write",
              targetKey,
              c -> {
                try (PreparedStatement ps =
                    c.prepareStatement(
                        "INSERT INTO "
                            + settings.stagingTable()
                            + " (upload_id, seq, target_key, created_at, data)"
                            + " VALUES (?, ?, ?, ?, ?)")) {
                  ps.setLong(1, uploadId);
                  ps.setInt(2, seq);
                  ps.setString(3, targetKey);
                  ps.setLong(4, System.currentTimeMillis());
                  ps.setBytes(5, bytes);
                  return ps.executeUpdate();
                }
              });
    }

    @Override
    public synchronized long position() {
      return position;
    }

    @Override
    public synchronized byte[] persist() throws IOException {
      ensureOpen();
      if (used == chunkSize) {
        stage(nextSeq, buffer, used);
        nextSeq++;
        used = 0;
      }
      int tailSeq = 0;
      if (used > 0) {
        persists++;
        tailSeq = -persists;
        stage(tailSeq, buffer, used);
      }
      List<SqlUploadState.Segment> segments = new ArrayList<>(prior);
      if (nextSeq > startSeq) {
        segments.add(new SqlUploadState.Segment(uploadId, startSeq, nextSeq));
      }
      referenced = true;
      return new SqlUploadState(
              targetKey,
              chunkSize,
              position,
              segments,
              tailSeq == 0 ? 0 : uploadId,
              tailSeq,
              uploads)
          .encode();
    }

    @Override
    public synchronized byte[] closeForCommit() throws IOException {
      byte[] state = persist();
      closed = true;
      buffer = null;
      return state;
    }

    private void ensureOpen() throws IOException {
      if (closed) {
        throw new IOException("Upload to '" + targetKey + "' is closed");
      }
    }

    /** Abandons the upload; its staged rows go unless a persisted state needs them. */
    @Override
    public synchronized void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      buffer = null;
      if (!referenced && nextSeq > startSeq) {
        backend
            .db()
            .run(
                "abort",
                targetKey,
                c -> {
                  deleteUpload(c, uploadId);
                  return null;
                });
      }
    }
  }
}
