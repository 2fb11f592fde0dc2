package org.remotestore.local;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.remotestore.DefaultStore;
import org.remotestore.FileInfo;
import org.remotestore.InvalidPath;
import org.remotestore.NotFound;
import org.remotestore.PermissionDenied;
import org.remotestore.SeekableInputStream;
import org.remotestore.Store;
import org.remotestore.ext.ForwardingStore;
import org.remotestore.spi.Backend;

/**
 * The local backend's reads, metadata and listings check a folder's real location once, not the
 * real path of every component on every call, and still refuse every way out of the root. Every
 * call reaching the disk is counted by a file system between the backend and the disk ({@link
 * CountingFileSystem}).
 */
class LocalReadPathTest {

  private static final String FOLDER = "year=2026/month=03/day=01/station=BER";
  private static final int FILES = 40;

  @TempDir Path dir;
  private final CountingFileSystem disk = new CountingFileSystem();
  private Path root;
  private Path outside;

  @BeforeEach
  void setUp() throws IOException {
    root = Files.createDirectories(dir.resolve("root").resolve(FOLDER));
    root = dir.resolve("root");
    outside = Files.createDirectories(dir.resolve("outside"));
    Files.writeString(outside.resolve("secret.txt"), "outside the root");
    for (int i = 0; i < FILES; i++) {
      Files.writeString(root.resolve(FOLDER).resolve(name(i)), "value " + i);
    }
  }

  private static String name(int i) {
    return String.format("part-%05d.csv", i);
  }

  private LocalBackend backend() throws IOException {
    return new LocalBackend("disk", disk.wrap(root), false);
  }

  private static String read(Backend backend, String key) throws IOException {
    try (InputStream in = backend.read(key, 0, -1)) {
      return new String(in.readAllBytes(), UTF_8);
    }
  }

  @Test
  void readsAndStatsOfAFolderResolveItsRealPathOnceAndThenOnlyStatIt() throws IOException {
    LocalBackend backend = backend();
    disk.reset();
    for (int i = 0; i < FILES; i++) {
      assertThat(read(backend, FOLDER + "/" + name(i))).isEqualTo("value " + i);
    }
    // The folder's real path once (one call); per file one stat of the folder and one open.
    assertThat(disk.calls("realpath")).isEqualTo(1);
    assertThat(disk.calls("open")).isEqualTo(FILES);
    assertThat(disk.calls("stat") + disk.calls("access")).isLessThanOrEqualTo(FILES + 8);

    disk.reset();
    for (int i = 0; i < FILES; i++) {
      FileInfo info = backend.stat(FOLDER + "/" + name(i));
      assertThat(info.size()).isEqualTo(("value " + i).length());
      try (InputStream in = backend.read(FOLDER + "/" + name(i), 2, 3)) {
        assertThat(new String(in.readAllBytes(), UTF_8)).isEqualTo("lue");
      }
    }
    assertThat(disk.all()).containsOnlyKeys("stat", "open");
    assertThat(disk.calls("stat")).isEqualTo(3 * FILES); // folder + file, folder
    assertThat(disk.calls("open")).isEqualTo(FILES);
  }

  @Test
  void aWholeFileReadThroughTheStoreTakesItsSizeFromTheOpenFile() throws IOException {
    Store store = new DefaultStore(backend(), "");
    store.readBytes(FOLDER + "/" + name(0)); // the folder is verified now
    disk.reset();
    for (int i = 0; i < FILES; i++) {
      try (SeekableInputStream in = store.readSeekable(FOLDER + "/" + name(i))) {
        assertThat(new String(in.readAllBytes(), UTF_8)).isEqualTo("value " + i);
        assertThat(in.length()).isEqualTo(("value " + i).length());
      }
    }
    // per file one stat of the folder and one open; the size comes from the open file
    assertThat(disk.all()).containsOnlyKeys("stat", "open");
    assertThat(disk.calls("stat")).isEqualTo(FILES);
    assertThat(disk.calls("open")).isEqualTo(FILES);

    Files.writeString(root.resolve(FOLDER).resolve("empty.csv"), "");
    try (SeekableInputStream in = store.readSeekable(FOLDER + "/empty.csv")) {
      assertThat(in.readAllBytes()).isEmpty();
    }
    Files.createDirectories(root.resolve(FOLDER).resolve("sub"));
    assertThatThrownBy(
            () -> {
              try (SeekableInputStream in = store.readSeekable(FOLDER + "/sub")) {
                in.readAllBytes();
              }
            })
        .isInstanceOf(NotFound.class);
  }

  /** 2 MiB of varied bytes, written in the verified folder. */
  private byte[] bigFile(String name) throws IOException {
    byte[] data = new byte[2 << 20];
    new java.util.Random(11).nextBytes(data);
    Files.write(root.resolve(FOLDER).resolve(name), data);
    return data;
  }

  /** Reads 32 chunks of 4 KiB spread over the file (far apart: each needs a new range). */
  private static void seekAround(SeekableInputStream in, byte[] data) throws IOException {
    byte[] chunk = new byte[4096];
    for (int i = 0; i < SEEKS; i++) {
      long at = (i * 5L % SEEKS) * (data.length / SEEKS);
      in.seek(at);
      int off = 0;
      while (off < chunk.length) {
        int n = in.read(chunk, off, chunk.length - off);
        assertThat(n).isPositive();
        off += n;
      }
      assertThat(chunk).isEqualTo(java.util.Arrays.copyOfRange(data, (int) at, (int) at + 4096));
    }
  }

  private static final int SEEKS = 32;

  @Test
  void aSeekableStreamOpensItsFileOnceForAllItsSeeks() throws IOException {
    Store store = new DefaultStore(backend(), "");
    byte[] data = bigFile("big.bin");
    store.readBytes(FOLDER + "/" + name(0)); // the folder is verified now
    disk.reset();
    try (SeekableInputStream in = store.readSeekable(FOLDER + "/big.bin", 64 * 1024)) {
      seekAround(in, data);
      assertThat(in.length()).isEqualTo(data.length);
    }
    // one stat of the folder and one open for the whole stream; no path is looked up again
    assertThat(disk.all()).containsOnlyKeys("stat", "open");
    assertThat(disk.calls("stat")).isEqualTo(1);
    assertThat(disk.calls("open")).isEqualTo(1);

    // Behind a decorator that does not hand the facet on, every range is an open of its own.
    Store hiding =
        new ForwardingStore(store) {
          @Override
          protected Store wrapChild(Store childOfDelegate) {
            return childOfDelegate;
          }
        };
    disk.reset();
    try (SeekableInputStream in = hiding.readSeekable(FOLDER + "/big.bin", 64 * 1024)) {
      seekAround(in, data);
    }
    assertThat(disk.calls("open")).isEqualTo(SEEKS);
  }

  @Test
  void aSeekableStreamReadsTheFileItOpenedAndReleasesItOnClose() throws IOException {
    Store store = new DefaultStore(backend(), "");
    byte[] data = bigFile("kept.bin");
    Path file = root.resolve(FOLDER).resolve("kept.bin");
    SeekableInputStream in = store.readSeekable(FOLDER + "/kept.bin", 64 * 1024);
    assertThat(openDescriptors(file)).isZero(); // nothing opened before the first read
    assertThat(in.read()).isEqualTo(data[0] & 0xff);
    assertThat(openDescriptors(file)).isEqualTo(1);

    // Replaced by a rename (what every write of a store does): the open file keeps its content.
    byte[] other = new byte[data.length];
    java.util.Arrays.fill(other, (byte) 7);
    store.write(FOLDER + "/kept.bin", other, true);
    in.seek(data.length - 4096);
    assertThat(in.readNBytes(4096))
        .isEqualTo(java.util.Arrays.copyOfRange(data, data.length - 4096, data.length));
    in.seek(1 << 20);
    assertThat(in.read()).isEqualTo(data[1 << 20] & 0xff);
    in.close();
    assertThat(openDescriptors(file)).isZero();

    // Truncated in place while open: the stream ends early, with an error naming the file.
    Files.write(file, data);
    try (SeekableInputStream again = store.readSeekable(FOLDER + "/kept.bin", 64 * 1024)) {
      assertThat(again.read()).isEqualTo(data[0] & 0xff);
      try (var channel =
          java.nio.channels.FileChannel.open(
              file.toAbsolutePath(), java.nio.file.StandardOpenOption.WRITE)) {
        channel.truncate(1000);
      }
      again.seek(1 << 20);
      assertThatThrownBy(again::read)
          .isInstanceOf(java.io.EOFException.class)
          .hasMessageContaining("kept.bin");
    }
    assertThat(openDescriptors(file)).isZero();
  }

  /** How many descriptors of this process are open on {@code file} (Linux: /proc/self/fd). */
  private static long openDescriptors(Path file) throws IOException {
    Path fds = Path.of("/proc/self/fd");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(fds), "no /proc/self/fd");
    Path real =
        file.toAbsolutePath().getParent().toRealPath().resolve(file.getFileName().toString());
    long open = 0;
    try (var list = Files.newDirectoryStream(fds)) {
      for (Path fd : list) {
        try {
          if (Files.readSymbolicLink(fd).toString().startsWith(real.toString())) {
            open++;
          }
        } catch (IOException e) {
          // closed meanwhile (the directory stream's own descriptor)
        }
      }
    }
    return open;
  }

  @Test
  void aListingIsOneDirectoryStreamAndOneStatPerEntry() throws IOException {
    LocalBackend backend = backend();
    disk.reset();
    Backend.Level level = backend.list(FOLDER);
    assertThat(level.files()).hasSize(FILES);
    assertThat(disk.calls("list")).isEqualTo(1);
    // the full check of the folder, once: does it exist, its real path
    assertThat(disk.calls("realpath")).isEqualTo(1);
    assertThat(disk.calls("access")).isEqualTo(1);
    assertThat(disk.calls("stat")).isLessThanOrEqualTo(FILES + 3);

    disk.reset();
    assertThat(backend.list(FOLDER).files()).hasSize(FILES);
    assertThat(disk.all()).containsOnlyKeys("list", "stat");
    assertThat(disk.calls("list")).isEqualTo(1);
    assertThat(disk.calls("stat")).isEqualTo(FILES + 1); // the entries and the folder

    disk.reset();
    assertThat(backend.list("year=2026").folders()).containsExactly("year=2026/month=03");
    assertThat(backend.list("year=2026").folders()).containsExactly("year=2026/month=03");
    assertThat(disk.calls("list")).isEqualTo(2);
    assertThat(disk.calls("realpath")).isEqualTo(1); // a new folder: its full check, once
  }

  @Test
  void aFolderSwappedForALinkOutsideIsCheckedAgainAndRefused() throws IOException {
    LocalBackend backend = backend();
    String key = "swap/inner.txt";
    Files.createDirectories(root.resolve("swap"));
    Files.writeString(root.resolve(key), "inside");
    assertThat(read(backend, key)).isEqualTo("inside");
    assertThat(backend.list("swap").files()).hasSize(1);

    Files.delete(root.resolve(key));
    Files.delete(root.resolve("swap"));
    Files.writeString(outside.resolve("inner.txt"), "outside");
    Files.createSymbolicLink(root.resolve("swap"), outside);
    assertThatThrownBy(() -> read(backend, key)).isInstanceOf(PermissionDenied.class);
    assertThatThrownBy(() -> backend.stat(key)).isInstanceOf(PermissionDenied.class);
    assertThatThrownBy(() -> backend.list("swap")).isInstanceOf(PermissionDenied.class);
    assertThatThrownBy(() -> backend.folderExists("swap")).isInstanceOf(PermissionDenied.class);
    assertThatThrownBy(() -> write(backend, "swap/new.txt")).isInstanceOf(PermissionDenied.class);
    assertThat(Files.exists(outside.resolve("new.txt"))).isFalse();
  }

  @Test
  void linksToFilesOutsideAreRefusedAndLinksInsideFollowed() throws IOException {
    LocalBackend backend = backend();
    Files.createSymbolicLink(
        root.resolve(FOLDER).resolve("escape.csv"), outside.resolve("secret.txt"));
    Files.createSymbolicLink(
        root.resolve(FOLDER).resolve("alias.csv"), root.resolve(FOLDER).resolve(name(3)));
    Files.createSymbolicLink(root.resolve("outer"), outside);
    read(backend, FOLDER + "/" + name(0)); // the folder is verified now
    assertThatThrownBy(() -> read(backend, FOLDER + "/escape.csv"))
        .isInstanceOf(PermissionDenied.class);
    assertThatThrownBy(() -> backend.stat(FOLDER + "/escape.csv"))
        .isInstanceOf(PermissionDenied.class);
    assertThatThrownBy(() -> read(backend, "outer/secret.txt"))
        .isInstanceOf(PermissionDenied.class);
    assertThat(read(backend, FOLDER + "/alias.csv")).isEqualTo("value 3");
    assertThat(backend.stat(FOLDER + "/alias.csv").size()).isEqualTo(7);
    assertThat(backend.list(FOLDER).files())
        .extracting(FileInfo::path)
        .contains(FOLDER + "/alias.csv")
        .doesNotContain(FOLDER + "/escape.csv");
    assertThat(backend.list("").folders()).containsExactly("year=2026");
    assertThatThrownBy(() -> read(backend, FOLDER)).isInstanceOf(NotFound.class);
    assertThat(backend.stat(FOLDER)).isNull();
  }

  /** The escaping keys of the conformance suite: refused before the disk sees a single call. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "/etc/passwd",
        "../outside.txt",
        "a/../../outside.txt",
        "a/b/../../../c",
        "..",
        "a\\..\\b",
        "back\\slash",
        "C:/windows",
        "c:",
        "nul\0byte",
        "../outside/secret.txt"
      })
  void escapingKeysAreRefusedWithoutTouchingTheDisk(String bad) throws IOException {
    Store store = new DefaultStore(backend(), "");
    disk.reset();
    assertThatThrownBy(() -> store.readBytes(bad)).isInstanceOf(InvalidPath.class);
    assertThatThrownBy(() -> store.getFileInfo(bad)).isInstanceOf(InvalidPath.class);
    assertThatThrownBy(() -> store.listFiles(bad, true)).isInstanceOf(InvalidPath.class);
    assertThatThrownBy(() -> store.write(bad, new byte[1], true)).isInstanceOf(InvalidPath.class);
    assertThat(disk.all()).isEmpty();
  }

  @Test
  void theBackendRefusesEscapingKeysLexicallyToo() throws IOException {
    LocalBackend backend = backend();
    disk.reset();
    for (String bad : new String[] {"../outside/secret.txt", "a/../../outside/secret.txt"}) {
      assertThatThrownBy(() -> read(backend, bad)).isInstanceOf(InvalidPath.class);
      assertThatThrownBy(() -> backend.stat(bad)).isInstanceOf(InvalidPath.class);
      assertThatThrownBy(() -> backend.list(bad)).isInstanceOf(InvalidPath.class);
      assertThatThrownBy(() -> write(backend, bad)).isInstanceOf(InvalidPath.class);
    }
    assertThat(disk.all()).isEmpty();
  }

  @Test
  void aCreateIsOneTemporaryFileAndOneLinkOrRename() throws IOException {
    LocalBackend backend = backend();
    write(backend, FOLDER + "/warm.csv"); // verifies the folder
    disk.reset();
    write(backend, FOLDER + "/new.csv");
    // stat of the folder, lstat of the target (a create fails at once when it exists), open of the
    // temporary file, link, removal of the temporary name
    assertThat(disk.all()).containsOnlyKeys("stat", "open", "link", "delete");
    assertThat(disk.calls("stat")).isEqualTo(2);
    assertThat(disk.calls("open")).isEqualTo(1);
    assertThat(disk.calls("link")).isEqualTo(1);
    disk.reset();
    try (Store.AtomicOutputStream out = backend.openOutput(FOLDER + "/new.csv", true)) {
      out.write(1);
    }
    // an overwrite: stat of the folder, open of the temporary file, rename
    assertThat(disk.all()).containsOnlyKeys("stat", "open", "move");
    assertThat(disk.calls("stat")).isEqualTo(1);
    assertThat(read(backend, FOLDER + "/new.csv")).isEqualTo("\u0001");
    disk.reset();
    assertThat(backend.folderExists(FOLDER + "/new.csv")).isFalse(); // asked before a create
    assertThat(backend.folderExists(FOLDER + "/missing")).isFalse();
    assertThat(backend.folderExists(FOLDER)).isTrue();
    assertThat(disk.all()).containsOnlyKeys("stat");
    assertThat(disk.calls("stat")).isEqualTo(5);
  }

  private static void write(Backend backend, String key) throws IOException {
    try (Store.AtomicOutputStream out = backend.openOutput(key, false)) {
      out.write("x".getBytes(UTF_8));
    }
  }
}
