package org.remotestore.meteoswiss;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Reads a MeteoSwiss CSV body line by line: LF or CRLF, Windows-1252 (UTF-8 when the body starts
 * with a UTF-8 byte order mark), transparent gunzip when the body starts with the gzip magic.
 *
 * <p>The body is decoded in bulk, {@value #BUFFER} bytes at a time, into a char buffer (bytes that
 * cannot be decoded become U+FFFD, as with {@code new String(bytes, charset)}); a line is found in
 * the chars and becomes one String, or is handed out as a range of the chars ({@link #next()}).
 * Only a line that spans two buffers is copied on the way. Never holds more than one buffer and one
 * line in memory.
 */
final class LineSource implements Closeable {

  /** The encoding of every MeteoSwiss CSV file. */
  static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

  private static final int BUFFER = 64 * 1024;

  private final InputStream in;
  private final int maxLineLength;
  private final ByteBuffer bytes = ByteBuffer.allocate(BUFFER).flip();
  private final CharBuffer decoded = CharBuffer.allocate(BUFFER);
  private final char[] chars = decoded.array();
  private int pos;
  private int limit;
  private CharsetDecoder decoder = decoder(WINDOWS_1252);
  private boolean utf8;
  private boolean started;
  private boolean inputEnded;
  private boolean flushed;
  private char[] line = new char[256];
  private int lineLength;
  private char[] current;
  private int currentStart;
  private int currentEnd;
  private long bytesRead;
  private boolean lastTerminated = true;
  private boolean lastTooLong;

  LineSource(InputStream raw, int maxLineLength) throws IOException {
    BufferedInputStream buffered = new BufferedInputStream(raw, 2);
    buffered.mark(2);
    int b0 = buffered.read();
    int b1 = buffered.read();
    buffered.reset();
    this.in = (b0 == 0x1f && b1 == 0x8b) ? new GZIPInputStream(buffered, BUFFER) : buffered;
    this.maxLineLength = maxLineLength;
  }

  private static CharsetDecoder decoder(Charset charset) {
    return charset
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPLACE)
        .onUnmappableCharacter(CodingErrorAction.REPLACE);
  }

  /**
   * Reads the next line without its terminator, or {@code null} at the end of the body. A line
   * longer than the limit (in characters; for Windows-1252 the same as bytes) is consumed
   * completely and returned truncated to the limit, with {@link #lastLineTooLong()} set.
   */
  String readLine() throws IOException {
    return next() ? line() : null;
  }

  /**
   * Moves to the next line (as {@link #readLine()} does), without making a String of it: its chars
   * are then {@link #chars()} from {@link #lineStart()} to {@link #lineEnd()}, valid until the next
   * call. Returns false at the end of the body.
   */
  boolean next() throws IOException {
    lineLength = 0;
    lastTooLong = false;
    boolean any = false;
    while (true) {
      if (pos == limit && !fill()) {
        if (!any) {
          return false;
        }
        lastTerminated = false;
        return finish(line, 0, lineLength);
      }
      any = true;
      int start = pos;
      int end = start;
      char[] c = chars;
      int lim = limit;
      while (end < lim && c[end] != '\n') {
        end++;
      }
      if (end == lim) {
        count(start, end);
        append(start, end);
        pos = end;
        continue;
      }
      pos = end + 1;
      count(start, end + 1);
      lastTerminated = true;
      if (lineLength == 0) {
        int length = end - start;
        if (length > maxLineLength) {
          lastTooLong = true;
          length = maxLineLength;
        }
        return finish(c, start, length);
      }
      append(start, end);
      return finish(line, 0, lineLength);
    }
  }

  /** The chars holding the current line. */
  char[] chars() {
    return current;
  }

  /** Where the current line starts in {@link #chars()}. */
  int lineStart() {
    return currentStart;
  }

  /** Where the current line ends in {@link #chars()} (before its terminator). */
  int lineEnd() {
    return currentEnd;
  }

  /** The current line as a new String. */
  String line() {
    return new String(current, currentStart, currentEnd - currentStart);
  }

  /** Keeps the part {@code [from, to)} of a line that spans buffers. */
  private void append(int from, int to) {
    int room = maxLineLength - lineLength;
    int n = to - from;
    if (n > room) {
      lastTooLong = true;
      n = room;
    }
    if (lineLength + n > line.length) {
      line =
          Arrays.copyOf(line, Math.min(maxLineLength, Math.max(line.length * 2, lineLength + n)));
    }
    System.arraycopy(chars, from, line, lineLength, n);
    lineLength += n;
  }

  /** Makes {@code c[from, from + length)} without a trailing carriage return the current line. */
  private boolean finish(char[] c, int from, int length) {
    int len = length;
    if (len > 0 && c[from + len - 1] == '\r') {
      len--;
    }
    current = c;
    currentStart = from;
    currentEnd = from + len;
    return true;
  }

  /** Adds the body bytes of the consumed chars {@code [from, to)} to {@link #bytesRead()}. */
  private void count(int from, int to) {
    if (!utf8) {
      bytesRead += to - from;
      return;
    }
    long n = 0;
    for (int i = from; i < to; i++) {
      char ch = chars[i];
      n += ch < 0x80 ? 1 : ch < 0x800 || Character.isSurrogate(ch) ? 2 : 3;
    }
    bytesRead += n;
  }

  /** Decodes the next chars into the buffer; false at the end of the body. */
  private boolean fill() throws IOException {
    pos = 0;
    limit = 0;
    if (!started) {
      start();
    }
    while (!flushed) {
      if (bytes.hasRemaining() || inputEnded) {
        decoded.clear();
        boolean underflow = decoder.decode(bytes, decoded, inputEnded).isUnderflow();
        if (inputEnded && underflow) {
          decoder.flush(decoded);
          flushed = true;
        }
        if (decoded.position() > 0) {
          limit = decoded.position();
          return true;
        }
        if (inputEnded) {
          continue;
        }
      }
      readMore();
    }
    return false;
  }

  /** Reads the first bytes and switches to UTF-8 when they are a byte order mark. */
  private void start() throws IOException {
    started = true;
    while (!inputEnded && bytes.remaining() < 3) {
      readMore();
    }
    if (bytes.remaining() >= 3
        && (bytes.get(0) & 0xff) == 0xef
        && (bytes.get(1) & 0xff) == 0xbb
        && (bytes.get(2) & 0xff) == 0xbf) {
      decoder = decoder(StandardCharsets.UTF_8);
      utf8 = true;
      bytes.position(3);
      bytesRead += 3;
    }
  }

  private void readMore() throws IOException {
    bytes.compact();
    try {
      int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
      if (n == 0) {
        int b = in.read();
        if (b >= 0) {
          bytes.put((byte) b);
        }
        n = b < 0 ? -1 : 1;
      } else if (n > 0) {
        bytes.position(bytes.position() + n);
      }
      if (n < 0) {
        inputEnded = true;
      }
    } finally {
      bytes.flip();
    }
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
