package org.remotestore;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * The answer to {@link Store#readIfChanged}: either "not modified" (no body was transferred) or the
 * new content with its metadata. Close it to release the stream.
 */
public final class ConditionalRead implements Closeable {
  private final FileInfo info;
  private final InputStream body;

  private ConditionalRead(FileInfo info, InputStream body) {
    this.info = info;
    this.body = body;
  }

  /** A "not modified" answer; {@code info} may be {@code null} when the backend sent none. */
  public static ConditionalRead notModified(FileInfo info) {
    return new ConditionalRead(info, null);
  }

  /** A "modified" answer carrying the new content. */
  public static ConditionalRead modified(FileInfo info, InputStream body) {
    return new ConditionalRead(info, java.util.Objects.requireNonNull(body, "body"));
  }

  /** Whether the file changed since the given validators. */
  public boolean isModified() {
    return body != null;
  }

  /** Metadata of the current version (ETag, Last-Modified, size), possibly {@code null}. */
  public FileInfo info() {
    return info;
  }

  /**
   * The new content.
   *
   * @throws IllegalStateException when the answer is "not modified"
   */
  public InputStream body() {
    if (body == null) {
      throw new IllegalStateException("not modified: there is no body");
    }
    return body;
  }

  /** Returns a copy of this answer with the path of its metadata replaced. */
  public ConditionalRead withPath(String path) {
    FileInfo renamed = info == null ? null : info.withPath(path);
    return new ConditionalRead(renamed, body);
  }

  @Override
  public void close() throws IOException {
    if (body != null) {
      body.close();
    }
  }
}
