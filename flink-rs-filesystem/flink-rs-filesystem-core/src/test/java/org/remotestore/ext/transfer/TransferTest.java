package org.remotestore.ext.transfer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotestore.AlreadyExists;
import org.remotestore.FileInfo;
import org.remotestore.Store;
import org.remotestore.ext.ForwardingStore;
import org.remotestore.ext.TestStores;

class TransferTest {
  private Store source;
  private Store target;
  private final List<TransferProgress> reports = new ArrayList<>();

  @BeforeEach
  void setUp() throws IOException {
    source = TestStores.memory("src");
    target = TestStores.memory("dst");
    source.write("in/a.csv", bytes(3000), false);
    source.write("in/sub/b.csv", bytes(5000), false);
    source.write("in/sub/deeper/c.csv", bytes(10), false);
    source.write("other.txt", bytes(1), false);
  }

  private static byte[] bytes(int n) {
    byte[] data = new byte[n];
    for (int i = 0; i < n; i++) {
      data[i] = (byte) (i * 31 + n);
    }
    return data;
  }

  private Transfer.Builder transfer() {
    return Transfer.builder().bufferSize(1024).listener(reports::add);
  }

  @Test
  void copiesOneFileBetweenBackendsWithProgress() throws IOException {
    TransferResult result =
        transfer().build().copyFile(source, "in/sub/b.csv", target, "copy/b.csv");
    assertThat(target.readBytes("copy/b.csv")).isEqualTo(bytes(5000));
    assertThat(result.transferred()).containsExactly("in/sub/b.csv");
    assertThat(result.bytesTransferred()).isEqualTo(5000);
    assertThat(reports).hasSize(5 + 1);
    assertThat(reports).allSatisfy(p -> assertThat(p.fileTotal()).isEqualTo(5000));
    assertThat(reports)
        .extracting(TransferProgress::fileBytes)
        .containsExactly(1024L, 2048L, 3072L, 4096L, 5000L, 5000L);
    TransferProgress last = reports.get(reports.size() - 1);
    assertThat(last.fileCompleted()).isTrue();
    assertThat(last.target()).isEqualTo("copy/b.csv");
    assertThat(last.filesCompleted()).isEqualTo(1);
    assertThat(last.overallTotal()).isEqualTo(5000);
  }

  @Test
  void copiesFoldersRecursivelyAndProgressAddsUp() throws IOException {
    TransferResult result = transfer().build().copyFolder(source, "in", target, "out");
    assertThat(result.isSuccess()).isTrue();
    assertThat(result.transferred()).containsExactly("a.csv", "sub/b.csv", "sub/deeper/c.csv");
    assertThat(target.listFiles("", true))
        .extracting(FileInfo::path)
        .containsExactly("out/a.csv", "out/sub/b.csv", "out/sub/deeper/c.csv");
    assertThat(target.readBytes("out/sub/deeper/c.csv")).isEqualTo(bytes(10));

    assertThat(reports)
        .allSatisfy(
            p -> {
              assertThat(p.overallTotal()).isEqualTo(8010);
              assertThat(p.filesTotal()).isEqualTo(3);
            });
    List<TransferProgress> completions =
        reports.stream().filter(TransferProgress::fileCompleted).toList();
    assertThat(completions)
        .extracting(TransferProgress::fileBytes)
        .containsExactly(3000L, 5000L, 10L);
    assertThat(completions).extracting(TransferProgress::filesCompleted).containsExactly(1, 2, 3);
    // overall = sum of completed files + bytes of the current one, at every report
    long done = 0;
    for (TransferProgress p : reports) {
      assertThat(p.overallBytes()).isEqualTo(done + p.fileBytes());
      if (p.fileCompleted()) {
        done += p.fileBytes();
      }
    }
    assertThat(reports.get(reports.size() - 1).overallBytes()).isEqualTo(8010);
  }

  @Test
  void existingTargetsFailSkipOrOverwriteByPolicy() throws IOException {
    target.write("out/a.csv", "keep".getBytes(UTF_8), false);

    TransferResult failed = transfer().build().copyFolder(source, "in", target, "out");
    assertThat(failed.failures()).containsOnlyKeys("a.csv");
    assertThat(failed.failures().get("a.csv")).isInstanceOf(AlreadyExists.class);
    assertThat(failed.transferred()).containsExactly("sub/b.csv", "sub/deeper/c.csv");
    assertThatThrownBy(failed::throwIfFailed).hasMessageContaining("a.csv");
    assertThat(target.readBytes("out/a.csv")).isEqualTo("keep".getBytes(UTF_8));

    reports.clear();
    TransferResult skipped =
        transfer()
            .existing(ExistingPolicy.SKIP_EXISTING)
            .build()
            .copyFolder(source, "in", target, "out");
    assertThat(skipped.skipped()).containsExactly("a.csv", "sub/b.csv", "sub/deeper/c.csv");
    assertThat(skipped.transferred()).isEmpty();
    assertThat(reports).isEmpty();
    assertThat(target.readBytes("out/a.csv")).isEqualTo("keep".getBytes(UTF_8));

    TransferResult replaced =
        transfer()
            .existing(ExistingPolicy.OVERWRITE)
            .build()
            .copyFolder(source, "in", target, "out");
    assertThat(replaced.transferred()).hasSize(3);
    assertThat(target.readBytes("out/a.csv")).isEqualTo(bytes(3000));
  }

  @Test
  void aFailedFileLeavesNothingBehindAndKeepsTheOldTarget() throws IOException {
    Store breaking =
        new ForwardingStore(source) {
          @Override
          protected Store wrapChild(Store child) {
            return child;
          }

          @Override
          public InputStream read(String path) throws IOException {
            InputStream in = super.read(path);
            return new InputStream() {
              int served;

              @Override
              public int read() throws IOException {
                if (served++ >= 2500) {
                  throw new IOException("connection reset after 2500 bytes");
                }
                return in.read();
              }
            };
          }
        };
    assertThatThrownBy(() -> transfer().build().copyFile(breaking, "in/a.csv", target, "x/a.csv"))
        .hasMessageContaining("connection reset");
    assertThat(target.exists("x")).isFalse();

    target.write("x/a.csv", "old".getBytes(UTF_8), false);
    assertThatThrownBy(
            () ->
                transfer()
                    .existing(ExistingPolicy.OVERWRITE)
                    .build()
                    .copyFile(breaking, "in/a.csv", target, "x/a.csv"))
        .isInstanceOf(IOException.class);
    assertThat(target.readBytes("x/a.csv")).isEqualTo("old".getBytes(UTF_8));
    assertThat(target.listFiles("x")).hasSize(1);
  }

  @Test
  void uploadsAndDownloadsLocalFilesAndFolders(@TempDir Path tmp) throws IOException {
    Path down = tmp.resolve("down");
    TransferResult downloaded = transfer().build().downloadFolder(source, "in", down);
    assertThat(downloaded.transferred()).hasSize(3);
    assertThat(Files.readAllBytes(down.resolve("sub/b.csv"))).isEqualTo(bytes(5000));

    TransferResult uploaded = transfer().build().uploadFolder(down, target, "up");
    assertThat(uploaded.transferred()).containsExactly("a.csv", "sub/b.csv", "sub/deeper/c.csv");
    assertThat(target.readBytes("up/sub/deeper/c.csv")).isEqualTo(bytes(10));

    Path single = tmp.resolve("single/a.csv");
    transfer().build().downloadFile(source, "in/a.csv", single);
    assertThat(Files.readAllBytes(single)).isEqualTo(bytes(3000));
    assertThatThrownBy(() -> transfer().build().downloadFile(source, "other.txt", single))
        .isInstanceOf(AlreadyExists.class);
    transfer().existing(ExistingPolicy.OVERWRITE).build().downloadFile(source, "other.txt", single);
    assertThat(Files.readAllBytes(single)).isEqualTo(bytes(1));

    transfer().build().uploadFile(single, target, "up/single.txt");
    assertThat(target.readBytes("up/single.txt")).isEqualTo(bytes(1));
    try (Stream<Path> files = Files.walk(tmp)) {
      assertThat(files.filter(p -> p.getFileName().toString().endsWith(".tmp"))).isEmpty();
    }
  }

  @Test
  void aFailedDownloadLeavesNoTemporaryFile(@TempDir Path tmp) throws IOException {
    Store missingMidway =
        new ForwardingStore(source) {
          @Override
          protected Store wrapChild(Store child) {
            return child;
          }

          @Override
          public InputStream read(String path) throws IOException {
            InputStream in = super.read(path);
            return new InputStream() {
              @Override
              public int read() throws IOException {
                throw new IOException("gone");
              }
            };
          }
        };
    Path file = tmp.resolve("f.csv");
    assertThatThrownBy(() -> transfer().build().downloadFile(missingMidway, "in/a.csv", file))
        .hasMessage("gone");
    try (Stream<Path> files = Files.list(tmp)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void streams64MiBThroughOneBoundedBuffer() throws IOException {
    long size = 64L << 20;
    int bufferSize = 64 * 1024;
    AtomicLong largestRead = new AtomicLong();
    AtomicLong largestWrite = new AtomicLong();
    AtomicLong written = new AtomicLong();
    CRC32 expected = new CRC32();
    CRC32 actual = new CRC32();
    boolean[] published = new boolean[1];

    Store generated =
        new ForwardingStore(source) {
          @Override
          protected Store wrapChild(Store child) {
            return child;
          }

          @Override
          public FileInfo getFileInfo(String path) {
            return new FileInfo(path, size, null, null, null);
          }

          @Override
          public InputStream read(String path) {
            return new InputStream() {
              long position;

              @Override
              public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
              }

              @Override
              public int read(byte[] b, int off, int len) {
                largestRead.accumulateAndGet(len, Math::max);
                if (position >= size) {
                  return -1;
                }
                int n = (int) Math.min(len, size - position);
                for (int i = 0; i < n; i++) {
                  b[off + i] = (byte) ((position + i) * 7 >>> 3);
                }
                expected.update(b, off, n);
                position += n;
                return n;
              }
            };
          }
        };
    Store sink =
        new ForwardingStore(target) {
          @Override
          protected Store wrapChild(Store child) {
            return child;
          }

          @Override
          public AtomicOutputStream openAtomic(String path, boolean overwrite) {
            return new AtomicOutputStream() {
              @Override
              public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
              }

              @Override
              public void write(byte[] b, int off, int len) {
                largestWrite.accumulateAndGet(len, Math::max);
                actual.update(b, off, len);
                written.addAndGet(len);
              }

              @Override
              public void close() {
                published[0] = true;
              }

              @Override
              public void abort() {
                throw new AssertionError("must not abort");
              }
            };
          }
        };

    long[] lastOverall = new long[1];
    int[] reportsSeen = new int[1];
    TransferResult result =
        Transfer.builder()
            .bufferSize(bufferSize)
            .listener(
                p -> {
                  assertThat(p.overallBytes()).isGreaterThanOrEqualTo(lastOverall[0]);
                  lastOverall[0] = p.overallBytes();
                  reportsSeen[0]++;
                })
            .build()
            .copyFile(generated, "big.bin", sink, "big.bin");

    assertThat(published[0]).isTrue();
    assertThat(written.get()).isEqualTo(size);
    assertThat(result.bytesTransferred()).isEqualTo(size);
    assertThat(actual.getValue()).isEqualTo(expected.getValue());
    assertThat(largestRead.get()).isLessThanOrEqualTo(bufferSize);
    assertThat(largestWrite.get()).isLessThanOrEqualTo(bufferSize);
    assertThat(lastOverall[0]).isEqualTo(size);
    assertThat(reportsSeen[0]).isEqualTo((int) (size / bufferSize) + 1);
  }

  @Test
  void bufferSizeIsValidated() {
    assertThatThrownBy(() -> Transfer.builder().bufferSize(10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bufferSize");
  }
}
