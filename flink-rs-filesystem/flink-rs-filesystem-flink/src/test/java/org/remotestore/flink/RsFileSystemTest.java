package org.remotestore.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.EntropyInjector;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.FileSystem.WriteMode;
import org.apache.flink.core.fs.FileSystemKind;
import org.apache.flink.core.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotestore.Store;
import org.remotestore.ext.ForwardingStore;

class RsFileSystemTest {

  @TempDir java.nio.file.Path tmp;

  @Test
  void seekingToTheFooterReadsOnlyTheFooterRange() throws Exception {
    FileSystem fs = RsTestStores.fileSystem(RsTestStores.memory("lazy"), "lazy");
    RsFileSystem rs = RsTestStores.unwrap(fs);
    byte[] data = new byte[3 * 1024 * 1024];
    new Random(7).nextBytes(data);
    Path file = new Path("rs://lazy/data/file.bin");
    try (FSDataOutputStream out = fs.create(file, WriteMode.NO_OVERWRITE)) {
      out.write(data);
      assertThat(out.getPos()).isEqualTo(data.length);
    }

    List<long[]> ranges = new ArrayList<>();
    RangeRecordingStore recording = new RangeRecordingStore(rs.store(), ranges);
    RsFileSystem lazy =
        new RsFileSystem(
            new RsStoreAccess("lazy", recording),
            name -> {
              throw new IOException("unexpected " + name);
            },
            64 * 1024);
    try (FSDataInputStream in = lazy.open(file)) {
      assertThat(ranges).isEmpty(); // nothing fetched before the first read
      in.seek(data.length - 8);
      byte[] footer = new byte[8];
      assertThat(in.read(footer)).isEqualTo(8);
      assertThat(footer).isEqualTo(Arrays.copyOfRange(data, data.length - 8, data.length));
      assertThat(in.read()).isEqualTo(-1);
    }
    assertThat(ranges).hasSize(1); // the length came with the range: no metadata request
    // a first read after a seek brings the 64 KiB before it along, for the footer that follows
    assertThat(ranges.get(0)[0]).isEqualTo(data.length - 8 - 64 * 1024);

    ranges.clear();
    try (FSDataInputStream in = lazy.open(file)) {
      byte[] all = ((InputStream) in).readAllBytes();
      assertThat(all).isEqualTo(data);
      in.seek(100);
      assertThat((byte) in.read()).isEqualTo(data[100]);
      in.seek(1000); // a short forward seek stays in the open range
      assertThat((byte) in.read()).isEqualTo(data[1000]);
      assertThat(in.getPos()).isEqualTo(1001);
    }
    long fetched = ranges.stream().mapToLong(r -> Math.min(r[1], data.length - r[0])).sum();
    // a read from the start before any seek: one range sized for the whole file (at most 64 times
    // the range size, here 4 MiB, the file's length being unknown until it answers); the random
    // read after the seek is small
    assertThat(ranges).hasSize(2);
    assertThat(ranges.get(0)).containsExactly(0, 64L * 64 * 1024);
    assertThat(ranges.get(1)).containsExactly(100, 64 * 1024);
    assertThat(fetched).isLessThan(data.length + 2L * 64 * 1024);
  }

  @Test
  void createHonoursWriteModeAndPublishesOnClose() throws Exception {
    FileSystem fs = RsTestStores.fileSystem(RsTestStores.memory("modes"), "modes");
    Path file = new Path("rs://modes/a/b.txt");
    FSDataOutputStream out = fs.create(file, WriteMode.NO_OVERWRITE);
    out.write("one".getBytes(StandardCharsets.UTF_8));
    assertThat(fs.exists(file)).isFalse(); // nothing visible before close
    out.close();
    assertThat(read(fs, file)).isEqualTo("one");

    assertThatThrownBy(() -> fs.create(file, WriteMode.NO_OVERWRITE))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("rs://modes/a/b.txt")
        .hasMessageContaining("already exists");
    try (FSDataOutputStream again = fs.create(file, WriteMode.OVERWRITE)) {
      again.write("two".getBytes(StandardCharsets.UTF_8));
    }
    assertThat(read(fs, file)).isEqualTo("two");

    FileStatus status = fs.getFileStatus(file);
    assertThat(status.isDir()).isFalse();
    assertThat(status.getLen()).isEqualTo(3);
    assertThat(status.getPath()).isEqualTo(file);
    assertThat(fs.getFileStatus(new Path("rs://modes/a")).isDir()).isTrue();
    assertThat(fs.getFileBlockLocations(status, 0, 3)).hasSize(1);
    assertThat(fs.getFileBlockLocations(status, 0, 3)[0].getLength()).isEqualTo(3);
    assertThatThrownBy(() -> fs.getFileStatus(new Path("rs://modes/missing")))
        .isInstanceOf(java.io.FileNotFoundException.class)
        .hasMessageContaining("rs://modes/missing");
  }

  @Test
  void listingShowsFilesAndFoldersOneLevelDeep() throws Exception {
    FileSystem fs = RsTestStores.fileSystem(RsTestStores.memory("lists"), "lists");
    write(fs, "rs://lists/top/x.txt", "x");
    write(fs, "rs://lists/top/sub/y.txt", "y");
    write(fs, "rs://lists/top/sub/deeper/z.txt", "z");
    FileStatus[] statuses = fs.listStatus(new Path("rs://lists/top"));
    assertThat(Arrays.stream(statuses).map(s -> s.getPath().toString() + (s.isDir() ? "/" : "")))
        .containsExactlyInAnyOrder("rs://lists/top/x.txt", "rs://lists/top/sub/");
    assertThat(fs.listStatus(new Path("rs://lists/top/x.txt"))).hasSize(1);
    assertThat(fs.listStatus(new Path("rs://lists/nothing-here"))).isEmpty();

    assertThatThrownBy(() -> fs.delete(new Path("rs://lists/top"), false))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("not empty");
    assertThat(fs.delete(new Path("rs://lists/top"), true)).isTrue();
    assertThat(fs.exists(new Path("rs://lists/top/sub/deeper/z.txt"))).isFalse();
    assertThat(fs.delete(new Path("rs://lists/top"), true)).isFalse();
  }

  @Test
  void memoryIsAnObjectStoreAndUrisNameTheStore() throws Exception {
    FileSystem fs = RsTestStores.fileSystem(RsTestStores.memory("kinds"), "kinds");
    RsFileSystem rs = RsTestStores.unwrap(fs);
    assertThat(rs.getKind()).isEqualTo(FileSystemKind.OBJECT_STORE);
    assertThat(fs.getUri()).isEqualTo(URI.create("rs://kinds/"));
    assertThat(fs.getWorkingDirectory().toUri().getScheme()).isEqualTo("rs");
    assertThat(fs.getHomeDirectory()).isEqualTo(new Path("rs://kinds/"));
    assertThat(fs.isDistributedFS()).isTrue();
    assertThatThrownBy(() -> rs.getFileStatus(new Path("rs://other/x")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("belongs to store 'other'");
  }

  @Test
  void entropyIsInjectedIntoDataPathsOnlyWhenTheStoreHasAnEntropyKey() throws Exception {
    Configuration conf = RsTestStores.memory("entropic");
    conf.setString("rs.stores.entropic.entropy-key", "_entropy_");
    conf.setString("rs.stores.entropic.entropy-length", "6");
    FileSystem fs = RsTestStores.fileSystem(conf, "entropic");
    Path withMarker = new Path("rs://entropic/checkpoints/_entropy_/job/chk-1/data");
    assertThat(EntropyInjector.isEntropyInjecting(fs, withMarker)).isTrue();
    Path injected = EntropyInjector.addEntropy(fs, withMarker);
    assertThat(injected.toString()).matches("rs://entropic/checkpoints/[0-9a-z]{6}/job/chk-1/data");
    assertThat(EntropyInjector.removeEntropyMarkerIfPresent(fs, withMarker).toString())
        .isEqualTo("rs://entropic/checkpoints/job/chk-1/data");

    FileSystem plain = RsTestStores.fileSystem(RsTestStores.memory("plain"), "plain");
    assertThat(EntropyInjector.isEntropyInjecting(plain, new Path("rs://plain/_entropy_/x")))
        .isFalse();
  }

  private static void write(FileSystem fs, String path, String text) throws IOException {
    try (FSDataOutputStream out = fs.create(new Path(path), WriteMode.NO_OVERWRITE)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  private static String read(FileSystem fs, Path path) throws IOException {
    try (FSDataInputStream in = fs.open(path)) {
      return new String(((InputStream) in).readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Records every range read: {offset, length}. */
  private static final class RangeRecordingStore extends ForwardingStore {
    private final List<long[]> ranges;

    RangeRecordingStore(Store delegate, List<long[]> ranges) {
      super(delegate);
      this.ranges = ranges;
    }

    @Override
    public InputStream readRange(String path, long offset, long length) throws IOException {
      ranges.add(new long[] {offset, length});
      return super.readRange(path, offset, length);
    }

    @Override
    protected Store wrapChild(Store childOfDelegate) {
      return new RangeRecordingStore(childOfDelegate, ranges);
    }
  }
}
