package org.remotestore.meteoswiss;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Reads a MeteoSwiss CSV body line by line at byte level: LF or CRLF, Windows-1252 decoding (UTF-8
 * when the body starts with a UTF-8 byte order mark), transparent gunzip when the body starts with
 * the gzip magic. Never holds more than one line in memory.
 */
final class LineSource implements Closeable {

  /** The encoding of every MeteoSwiss CSV file. */
  static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

  private final InputStream in;
  private final int maxLineLength;
  private final byte[] buffer = new byte[64 * 1024];
  private int pos;
  private int limit;
  private byte[] line = new byte[256];
  private int lineLength;
  private Charset charset = WINDOWS_1252;
  private boolean started;
  private boolean eof;
  private long bytesRead;
  private boolean lastTerminated = true;
  private boolean lastTooLong;

  LineSource(InputStream raw, int maxLineLength) throws IOException {
    BufferedInputStream buffered = new BufferedInputStream(raw, 2);
    buffered.mark(2);
    int b0 = buffered.read();
    int b1 = buffered.read();
    buffered.reset();
    this.in = (b0 == 0x1f && b1 == 0x8b) ? new GZIPInputStream(buffered, 64 * 1024) : buffered;
    this.maxLineLength = maxLineLength;
  }

  /**
   * Reads the next line without its terminator, or {@code null} at the end of the body. A line
   * longer than the limit is consumed completely and returned truncated to the limit, with {@link
   * #lastLineTooLong()} set.
   */
  String readLine() throws IOException {
    lineLength = 0;
    lastTooLong = false;
    boolean any = false;
    while (true) {
      if (pos == limit) {
        if (!fill()) {
          if (!any) {
            return null;
          }
          lastTerminated = false;
          return decode();
        }
      }
      any = true;
      byte b = buffer[pos++];
      bytesRead++;
      if (b == '\n') {
        lastTerminated = true;
        return decode();
      }
      append(b);
    }
  }

  private boolean fill() throws IOException {
    if (eof) {
      return false;
    }
    int n = in.read(buffer, 0, buffer.length);
    if (n <= 0) {
      eof = n < 0;
      if (n == 0) {
        int b = in.read();
        if (b < 0) {
          eof = true;
          return false;
        }
        buffer[0] = (byte) b;
        pos = 0;
        limit = 1;
        return true;
      }
      return false;
    }
    pos = 0;
    limit = n;
    if (!started) {
      started = true;
      if (n >= 3
          && (buffer[0] & 0xff) == 0xef
          && (buffer[1] & 0xff) == 0xbb
          && (buffer[2] & 0xff) == 0xbf) {
        charset = StandardCharsets.UTF_8;
        pos = 3;
        bytesRead += 3;
      }
    }
    return true;
  }

  private void append(byte b) {
    if (lineLength >= maxLineLength) {
      lastTooLong = true;
      return;
    }
    if (lineLength == line.length) {
      line = Arrays.copyOf(line, Math.min(maxLineLength, line.length * 2));
    }
    line[lineLength++] = b;
  }

  private String decode() {
    int len = lineLength;
    if (len > 0 && line[len - 1] == '\r') {
      len--;
    }
    return new String(line, 0, len, charset);
  }

  /** True when the last line returned ended with a line feed (false: the body ended mid-line). */
  boolean lastLineTerminated() {
    return lastTerminated;
  }

  /** True when the last line returned was cut to the length limit. */
  boolean lastLineTooLong() {
    return lastTooLong;
  }

  /** Bytes of the (decompressed) body consumed so far. */
  long bytesRead() {
    return bytesRead;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
