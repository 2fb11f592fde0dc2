package org.remotestore.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.FileSystem.WriteMode;
import org.apache.flink.core.fs.FileSystemKind;
import org.apache.flink.core.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rs:// file system over the local backend: a file system, with atomic renames. */
class RsLocalFileSystemTest {

  @TempDir java.nio.file.Path tmp;

  @Test
  void renameMovesFilesAndAnswersFalseWhenItCannot() throws Exception {
    FileSystem fs = RsTestStores.fileSystem(RsTestStores.local("moves", tmp), "moves");
    assertThat(RsTestStores.unwrap(fs).getKind()).isEqualTo(FileSystemKind.FILE_SYSTEM);
    write(fs, "rs://moves/a.txt", "a");
    write(fs, "rs://moves/b.txt", "b");
    assertThat(fs.rename(new Path("rs://moves/a.txt"), new Path("rs://moves/b.txt"))).isFalse();
    assertThat(fs.rename(new Path("rs://moves/missing"), new Path("rs://moves/c.txt"))).isFalse();
    assertThat(fs.rename(new Path("rs://moves/a.txt"), new Path("rs://moves/d/c.txt"))).isTrue();
    assertThat(read(fs, new Path("rs://moves/d/c.txt"))).isEqualTo("a");
    assertThat(fs.exists(new Path("rs://moves/a.txt"))).isFalse();
    assertThat(Files.readString(tmp.resolve("d/c.txt"))).isEqualTo("a");
    // Folders are not renamed (it could not be atomic).
    assertThat(fs.rename(new Path("rs://moves/d"), new Path("rs://moves/e"))).isFalse();
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
}
