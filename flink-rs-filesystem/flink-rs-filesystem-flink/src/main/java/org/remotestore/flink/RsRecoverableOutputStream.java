package org.remotestore.flink;

import java.io.IOException;
import org.apache.flink.core.fs.RecoverableFsDataOutputStream;
import org.apache.flink.core.fs.RecoverableWriter;
import org.remotestore.RecoverableUploads;

/** The stream of an {@code rs://} recoverable upload, over the store's upload. */
final class RsRecoverableOutputStream extends RecoverableFsDataOutputStream {
  private final String store;
  private final String path;
  private final RecoverableUploads uploads;
  private final RecoverableUploads.Upload upload;
  private final byte[] single = new byte[1];
  private boolean closedForCommit;

  RsRecoverableOutputStream(
      String store, String path, RecoverableUploads uploads, RecoverableUploads.Upload upload) {
    this.store = store;
    this.path = path;
    this.uploads = uploads;
    this.upload = upload;
  }

  @Override
  public void write(int b) throws IOException {
    single[0] = (byte) b;
    write(single, 0, 1);
  }

  @Override
  public void write(byte[] buffer, int offset, int length) throws IOException {
    if (closedForCommit) {
      throw new IOException("rs://" + store + "/" + path + " is closed for commit");
    }
    upload.write(buffer, offset, length);
  }

  @Override
  public long getPos() {
    return upload.position();
  }

  @Override
  public void flush() throws IOException {
    upload.flush();
  }

  @Override
  public void sync() throws IOException {
    upload.flush();
  }

  @Override
  public RecoverableWriter.ResumeRecoverable persist() throws IOException {
    byte[] state = upload.persist();
    return new RsResumeRecoverable(store, path, upload.position(), state);
  }

  @Override
  public Committer closeForCommit() throws IOException {
    long length = upload.position();
    byte[] state = upload.closeForCommit();
    closedForCommit = true;
    return new RsRecoverableWriter.RsCommitter(
        uploads, new RsCommitRecoverable(store, path, length, state));
  }

  @Override
  public void close() throws IOException {
    upload.close();
  }
}
