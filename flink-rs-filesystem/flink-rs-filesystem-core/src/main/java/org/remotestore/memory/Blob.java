package org.remotestore.memory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.remotestore.FileInfo;

/**
 * The immutable content of one file of a {@link MemoryBackend}: chunks of bytes (so that large
 * files never need one huge array, nor a doubling copy while being written), with modification time
 * and an MD5 entity tag computed while writing. Shared freely between keys (copy) and readers.
 */
final class Blob {
  private static final int FIRST_CHUNK = 512;
  private static final int MAX_CHUNK = 1 << 20;

  private final byte[][] chunks;
  private final long[] starts;
  private final long size;
  private final Instant lastModified;
  private final String md5;

  private Blob(byte[][] chunks, long[] starts, long size, Instant lastModified, String md5) {
    this.chunks = chunks;
    this.starts = starts;
    this.size = size;
    this.lastModified = lastModified;
    this.md5 = md5;
  }

  /** A blob holding a copy of {@code data}, modified now. */
  static Blob of(byte[] data) {
    Writer w = new Writer();
    w.write(data, 0, data.length);
    return w.finish(Instant.now());
  }

  long size() {
    return size;
  }

  Instant lastModified() {
    return lastModified;
  }

  /** The hex MD5 of the content, used as entity tag. */
  String md5() {
    return md5;
  }

  /** The same content with another modification time (copies share the chunks). */
  Blob touched(Instant when) {
    return new Blob(chunks, starts, size, when, md5);
  }

  FileInfo info(String key) {
    return new FileInfo(key, size, lastModified, md5, "md5:" + md5);
  }

  /** A stream over {@code length} bytes from {@code offset} ({@code length < 0}: to the end). */
  InputStream open(long offset, long length) {
    long from = Math.min(offset, size);
    long to = length < 0 ? size : Math.min(size, from + length);
    return new Reader(from, to);
  }

  /** Writes the whole content to {@code out}. */
  void copyTo(OutputStream out) throws IOException {
    for (byte[] chunk : chunks) {
      out.write(chunk);
    }
  }

  private final class Reader extends InputStream implements org.remotestore.FileSizeReporting {
    private long position;
    private final long end;
    private long mark;

    Reader(long from, long to) {
      this.position = from;
      this.end = to;
      this.mark = from;
    }

    @Override
    public long fileSize() {
      return size;
    }

    @Override
    public int read() {
      if (position >= end) {
        return -1;
      }
      int c = chunkOf(position);
      int b = chunks[c][(int) (position - starts[c])] & 0xff;
      position++;
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      java.util.Objects.checkFromIndexSize(off, len, b.length);
      if (len == 0) {
        return 0;
      }
      if (position >= end) {
        return -1;
      }
      int total = 0;
      while (len > 0 && position < end) {
        int c = chunkOf(position);
        int inChunk = (int) (position - starts[c]);
        int n = (int) Math.min(Math.min(len, chunks[c].length - inChunk), end - position);
        System.arraycopy(chunks[c], inChunk, b, off, n);
        off += n;
        len -= n;
        total += n;
        position += n;
      }
      return total;
    }

    @Override
    public long skip(long n) {
      long k = Math.max(0, Math.min(n, end - position));
      position += k;
      return k;
    }

    @Override
    public int available() {
      return (int) Math.min(Integer.MAX_VALUE, end - position);
    }

    @Override
    public boolean markSupported() {
      return true;
    }

    @Override
    public synchronized void mark(int readlimit) {
      mark = position;
    }

    @Override
    public synchronized void reset() {
      position = mark;
    }
  }

  private int chunkOf(long position) {
    int i = Arrays.binarySearch(starts, position);
    return i >= 0 ? i : -i - 2;
  }

  /** Accumulates bytes in growing chunks and computes the MD5 on the way. Not thread-safe. */
  static final class Writer {
    private final List<byte[]> chunks = new ArrayList<>();
    private final MessageDigest digest;
    private byte[] current = new byte[FIRST_CHUNK];
    private int used;
    private long size;

    Writer() {
      try {
        digest = MessageDigest.getInstance("MD5");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("MD5 is not available", e);
      }
    }

    long size() {
      return size;
    }

    void write(int b) {
      if (used == current.length) {
        grow();
      }
      current[used++] = (byte) b;
      digest.update((byte) b);
      size++;
    }

    void write(byte[] b, int off, int len) {
      java.util.Objects.checkFromIndexSize(off, len, b.length);
      digest.update(b, off, len);
      size += len;
      while (len > 0) {
        if (used == current.length) {
          grow();
        }
        int n = Math.min(len, current.length - used);
        System.arraycopy(b, off, current, used, n);
        used += n;
        off += n;
        len -= n;
      }
    }

    private void grow() {
      chunks.add(current);
      current = new byte[Math.min(MAX_CHUNK, current.length * 2)];
      used = 0;
    }

    /** The finished blob. The writer must not be used afterwards. */
    Blob finish(Instant lastModified) {
      List<byte[]> all = new ArrayList<>(chunks);
      if (used > 0) {
        all.add(used == current.length ? current : Arrays.copyOf(current, used));
      }
      byte[][] array = all.toArray(new byte[0][]);
      long[] starts = new long[array.length];
      long offset = 0;
      for (int i = 0; i < array.length; i++) {
        starts[i] = offset;
        offset += array[i].length;
      }
      current = null;
      return new Blob(array, starts, size, lastModified, HexFormat.of().formatHex(digest.digest()));
    }
  }
}
