package org.remotestore.bench;

import java.io.IOException;
import java.io.InputStream;
import java.util.SplittableRandom;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.FileSystem.WriteMode;
import org.apache.flink.core.fs.Path;

/**
 * The workloads every Flink file system runs, through Flink's {@link FileSystem} API only, so that
 * {@code rs://} and each peer do exactly the same calls on the same bytes.
 */
final class Workloads {
  static final int MIB = 1 << 20;

  private Workloads() {}

  /** Deterministic incompressible bytes (the same for every contender). */
  static byte[] bytes(int size, long seed) {
    byte[] data = new byte[size];
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < size; i += 8) {
      long v = random.nextLong();
      for (int b = 0; b < 8 && i + b < size; b++) {
        data[i + b] = (byte) (v >>> (8 * b));
      }
    }
    return data;
  }

  /** Writes {@code totalBytes} in 1 MiB writes of {@code block}; returns seconds incl. close. */
  static double sequentialWrite(FileSystem fs, Path file, long totalBytes, byte[] block)
      throws Exception {
    return Interleaved.time(
        () -> {
          try (FSDataOutputStream out = fs.create(file, WriteMode.OVERWRITE)) {
            for (long written = 0; written < totalBytes; written += block.length) {
              out.write(block, 0, (int) Math.min(block.length, totalBytes - written));
            }
          }
        });
  }

  /** Reads {@code file} to its end in 1 MiB reads; checks the length. */
  static double sequentialRead(FileSystem fs, Path file, long expectedBytes) throws Exception {
    byte[] buffer = new byte[MIB];
    return Interleaved.time(
        () -> {
          long total = 0;
          try (FSDataInputStream in = fs.open(file)) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
              total += n;
            }
          }
          check(total == expectedBytes, "read " + total + " of " + expectedBytes + " from " + file);
        });
  }

  /** Creates {@code count} files of {@code content} below {@code folder}, failing if one exists. */
  static double createSmallFiles(FileSystem fs, Path folder, int count, byte[] content)
      throws Exception {
    return createSmallFiles(fs, folder, count, content, WriteMode.NO_OVERWRITE);
  }

  /** Creates {@code count} files of {@code content} below {@code folder} with {@code mode}. */
  static double createSmallFiles(
      FileSystem fs, Path folder, int count, byte[] content, WriteMode mode) throws Exception {
    return Interleaved.time(
        () -> {
          for (int i = 0; i < count; i++) {
            try (FSDataOutputStream out = fs.create(new Path(folder, smallName(i)), mode)) {
              out.write(content);
            }
          }
        });
  }

  /** Lists {@code folder} (one level) and checks the count. */
  static double listSmallFiles(FileSystem fs, Path folder, int count) throws Exception {
    return Interleaved.time(
        () -> {
          FileStatus[] listed = fs.listStatus(folder);
          check(
              listed != null && listed.length == count,
              "listed "
                  + (listed == null ? null : listed.length)
                  + " of "
                  + count
                  + " in "
                  + folder);
        });
  }

  /** Opens and reads each of the {@code count} files below {@code folder}. */
  static double readSmallFiles(FileSystem fs, Path folder, int count, int size) throws Exception {
    return Interleaved.time(
        () -> {
          for (int i = 0; i < count; i++) {
            try (FSDataInputStream in = fs.open(new Path(folder, smallName(i)))) {
              int n = ((InputStream) in).readAllBytes().length;
              check(n == size, "read " + n + " of " + size + " bytes of file " + i);
            }
          }
        });
  }

  static String smallName(int i) {
    return String.format("part-%05d.csv", i);
  }

  /**
   * The read pattern of a Parquet reader on a file of {@code rowGroups} row groups of {@code
   * columns} column chunks of {@code chunkBytes} each: the 8-byte tail, the footer, then two of the
   * columns of every row group (seek, read fully). Repeated {@code passes} times, one open each.
   */
  static double parquetLikeReads(
      FileSystem fs,
      Path file,
      int passes,
      int rowGroups,
      int columns,
      int chunkBytes,
      int footerBytes)
      throws Exception {
    byte[] chunk = new byte[chunkBytes];
    byte[] footer = new byte[footerBytes];
    byte[] tail = new byte[8];
    return Interleaved.time(
        () -> {
          for (int pass = 0; pass < passes; pass++) {
            try (FSDataInputStream in = fs.open(file)) {
              long length = (long) rowGroups * columns * chunkBytes + footerBytes + 8;
              in.seek(length - 8);
              readFully(in, tail);
              in.seek(length - 8 - footerBytes);
              readFully(in, footer);
              for (int group = 0; group < rowGroups; group++) {
                for (int column : new int[] {1, columns - 2}) {
                  in.seek(((long) group * columns + column) * chunkBytes);
                  readFully(in, chunk);
                }
              }
            }
          }
        });
  }

  /** Opens {@code file}, seeks to the last {@code bytes} and reads them; {@code times} times. */
  static double footerReads(FileSystem fs, Path file, long length, int bytes, int times)
      throws Exception {
    byte[] footer = new byte[bytes];
    return Interleaved.time(
        () -> {
          for (int i = 0; i < times; i++) {
            try (FSDataInputStream in = fs.open(file)) {
              in.seek(length - bytes);
              readFully(in, footer);
            }
          }
        });
  }

  static void readFully(FSDataInputStream in, byte[] buffer) throws IOException {
    int off = 0;
    while (off < buffer.length) {
      int n = in.read(buffer, off, buffer.length - off);
      if (n < 0) {
        throw new IOException("early end of stream after " + off + " of " + buffer.length);
      }
      off += n;
    }
  }

  static void check(boolean condition, String message) {
    if (!condition) {
      throw new IllegalStateException(message);
    }
  }
}
