package org.remotestore.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.remotestore.BackendUnavailable;
import org.remotestore.FileSizeReporting;
import org.remotestore.RemoteStoreException;

/**
 * The body stream handed to callers: maps failures, releases the connection on close, and reports
 * the file's size when the response told it.
 */
final class HttpResponseStream extends InputStream implements FileSizeReporting {
  private final HttpRequester requester;
  private final String key;
  private final HttpResumePoint resume;
  private HttpExchange exchange;
  private InputStream in;
  private long position;
  private int resumes;
  private boolean atEnd;
  private boolean closed;
  private long fileSize = -1;
  // the body's length when known: a body read that far is complete, and its connection reusable
  private final long expectedBytes;

  /**
   * @param resume where the body starts and ends in the file and its strong ETag, so a broken
   *     transfer can continue with a validated range request; {@code null} when it cannot
   */
  HttpResponseStream(
      HttpRequester requester,
      HttpExchange exchange,
      InputStream in,
      String key,
      HttpResumePoint resume) {
    this.requester = requester;
    this.exchange = exchange;
    this.in = in;
    this.key = key;
    this.resume = resume;
    this.expectedBytes =
        in instanceof HttpRangeOfStream || HttpResponses.isEncoded(exchange.response)
            ? -1
            : HttpResponses.contentLength(exchange.response);
  }

  /** Sets the size of the whole file, as learned from the response; returns this stream. */
  HttpResponseStream withFileSize(long size) {
    this.fileSize = size;
    return this;
  }

  @Override
  public long fileSize() {
    return fileSize;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (closed) {
      throw new IOException("stream closed: " + exchange.safeUrl());
    }
    if (len == 0) {
      return 0;
    }
    if (atEnd) {
      return -1;
    }
    int n;
    while (true) {
      try {
        n = in.read(b, off, len);
        break;
      } catch (RemoteStoreException e) {
        throw e;
      } catch (IOException e) {
        if (Thread.currentThread().isInterrupted()) {
          throw requester.interrupted("GET", exchange.url, key);
        }
        if (!resumeAfterFailure()) {
          throw new BackendUnavailable(
              "Reading "
                  + exchange.safeUrl()
                  + " failed after "
                  + position
                  + " bytes"
                  + (resumes == 0 ? "" : " and " + resumes + " resumed transfer(s)")
                  + " (backend '"
                  + requester.name()
                  + "'): "
                  + requester.scrub(e.toString()),
              requester.name(),
              key,
              null);
        }
      }
    }
    if (n < 0) {
      atEnd = true;
    } else {
      position += n;
      if (expectedBytes >= 0 && position >= expectedBytes) {
        atEnd = true; // the whole body arrived: the connection can be reused
      }
    }
    return n;
  }

  /**
   * Continues a broken transfer where it stopped: {@code Range} from the next byte with {@code
   * If-Range} on the strong ETag, so a file that changed meanwhile is never spliced. Returns
   * whether the stream continues.
   */
  private boolean resumeAfterFailure() {
    if (resume == null) {
      return false;
    }
    while (resumes < requester.retryPolicy().retries()) {
      resumes++;
      try {
        requester.retryPolicy().sleeper().sleep(requester.retryPolicy().backoff(resumes));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
      long from = resume.start() + position;
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("Accept-Encoding", "identity");
      headers.put(
          "Range",
          "bytes=" + from + "-" + (resume.endInclusive() < 0 ? "" : resume.endInclusive()));
      headers.put("If-Range", resume.strongEtag());
      HttpExchange next;
      try {
        next = requester.execute("GET", key, headers);
      } catch (IOException e) {
        return false;
      }
      if (next.status() == 206 && HttpResponses.contentRangeStart(next.response) == from) {
        try {
          InputStream body = next.body();
          exchange.close(false);
          exchange = next;
          in = body;
          return true;
        } catch (IOException e) {
          next.close(false);
          continue;
        }
      }
      next.close(); // the file changed (200) or the server cannot resume
      return false;
    }
    return false;
  }

  @Override
  public int available() throws IOException {
    return closed || atEnd ? 0 : in.available();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    exchange.close(atEnd && !(in instanceof HttpRangeOfStream r && !r.sourceDrained()));
  }
}
