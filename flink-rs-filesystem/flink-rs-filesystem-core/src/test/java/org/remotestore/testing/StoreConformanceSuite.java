package org.remotestore.testing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.remotestore.AlreadyExists;
import org.remotestore.Capabilities;
import org.remotestore.Capability;
import org.remotestore.CapabilityNotSupported;
import org.remotestore.ConditionalRead;
import org.remotestore.FileInfo;
import org.remotestore.FolderInfo;
import org.remotestore.InvalidPath;
import org.remotestore.NotFound;
import org.remotestore.SeekableInputStream;
import org.remotestore.Store;

/**
 * The conformance suite every backend's test extends: one set of expectations for every {@link
 * Store} method, run unchanged against memory, local, S3, Azure and HTTP.
 *
 * <p>Subclasses implement {@link #createStore()} (a fresh, empty store per test) and may override
 * the knobs ({@link #largeStreamBytes()}, {@link #concurrentWriters()}). Tests that need a
 * capability the store lacks are skipped with an assumption, never failed; stores without {@link
 * Capability#WRITE} must come pre-filled by the subclass and are covered by their own tests.
 */
public abstract class StoreConformanceSuite {

  /** The store under test, fresh for each test. */
  protected Store store;

  /** A fresh, empty store. Called before every test. */
  protected abstract Store createStore() throws Exception;

  /**
   * Releases what {@link #createStore()} made. Called after every test; the default does nothing.
   */
  protected void destroyStore(Store store) throws Exception {}

  /** Size of the large-stream test; the default is 256 MiB. The content is never materialised. */
  protected long largeStreamBytes() {
    return 256L << 20;
  }

  /** Number of threads in the concurrent-writer tests. */
  protected int concurrentWriters() {
    return 8;
  }

  /**
   * Whether the server under test can create a file only if absent atomically (for S3: honours
   * {@code If-None-Match: *} on PUT). Test servers that lack it (S3Proxy) override this to skip the
   * one test that needs it; the real service and MinIO run it.
   */
  protected boolean serverSupportsExclusiveCreate() {
    return true;
  }

  /**
   * The store that creates fixtures for tests of reading, listing and metadata. The default is the
   * store under test itself; a read-only store (such as HTTP) returns a writable store that sees
   * the same files under the same paths (such as the folder its server serves), so that its read
   * tests run too.
   */
  protected Store seedStore(Store store) throws Exception {
    return store;
  }

  private Store seed;

  @BeforeEach
  void createStoreUnderTest() throws Exception {
    store = createStore();
    seed = seedStore(store);
  }

  @AfterEach
  void destroyStoreUnderTest() throws Exception {
    if (store != null) {
      destroyStore(store);
    }
  }

  /** Skips the test unless the store has every given capability. */
  protected void assumeCapable(Capability... capabilities) {
    for (Capability c : capabilities) {
      assumeTrue(
          store.capabilities().supports(c),
          () -> "store " + store.name() + " lacks capability " + c);
    }
  }

  /** Skips the test unless fixtures can be written (see {@link #seedStore(Store)}). */
  protected void assumeFixtures() {
    assumeTrue(
        seed.capabilities().supports(Capability.WRITE),
        () -> "no writable seed store for fixtures of " + store.name());
  }

  /** Writes a UTF-8 text fixture through the seed store, overwriting. */
  protected void put(String path, String text) throws IOException {
    seed.write(path, text.getBytes(UTF_8), true);
  }

  /** Reads a UTF-8 text file. */
  protected String text(String path) throws IOException {
    return new String(store.readBytes(path), UTF_8);
  }

  private static List<String> paths(List<FileInfo> files) {
    return files.stream().map(FileInfo::path).toList();
  }

  // ---------------------------------------------------------------- read and write

  @Test
  void writtenBytesReadBackIdentically() throws IOException {
    assumeCapable(Capability.WRITE, Capability.READ);
    byte[] data = new byte[70_000];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i * 31 + 7);
    }
    store.write("bin/data.bin", data, false);

    assertThat(store.readBytes("bin/data.bin")).isEqualTo(data);
    try (InputStream in = store.read("bin/data.bin")) {
      assertThat(in.readAllBytes()).isEqualTo(data);
    }
  }

  @Test
  void writtenStreamReadsBack() throws IOException {
    assumeCapable(Capability.WRITE, Capability.READ);
    store.write("s/readme.txt", new ByteArrayInputStream("hello stream".getBytes(UTF_8)), false);
    assertThat(text("s/readme.txt")).isEqualTo("hello stream");
  }

  @Test
  void emptyFileRoundTrips() throws IOException {
    assumeCapable(Capability.WRITE, Capability.READ, Capability.METADATA);
    store.write("empty", new byte[0], false);
    assertThat(store.readBytes("empty")).isEmpty();
    assertThat(store.isFile("empty")).isTrue();
    assertThat(store.getFileInfo("empty").size()).isZero();
  }

  @Test
  void writeWithoutOverwriteRefusesExistingFileAndKeepsIt() throws IOException {
    assumeCapable(Capability.WRITE, Capability.READ);
    put("a.txt", "first");
    assertThatThrownBy(() -> store.write("a.txt", "second".getBytes(UTF_8), false))
        .isInstanceOf(AlreadyExists.class)
        .hasMessageContaining("a.txt");
    assertThatThrownBy(
            () -> store.write("a.txt", new ByteArrayInputStream("third".getBytes(UTF_8)), false))
        .isInstanceOf(AlreadyExists.class);
    assertThat(text("a.txt")).isEqualTo("first");
  }

  @Test
  void writeWithOverwriteReplacesContent() throws IOException {
    assumeCapable(Capability.WRITE, Capability.READ);
    put("a.txt", "a much longer first version");
    store.write("a.txt", "short".getBytes(UTF_8), true);
    assertThat(text("a.txt")).isEqualTo("short");
  }

  @Test
  void writeAtomicPublishesAndRespectsOverwrite() throws IOException {
    assumeCapable(Capability.ATOMIC_WRITE, Capability.READ);
    store.writeAtomic("atomic/x.txt", new ByteArrayInputStream("one".getBytes(UTF_8)), false);
    assertThat(text("atomic/x.txt")).isEqualTo("one");
    assertThatThrownBy(
            () ->
                store.writeAtomic(
                    "atomic/x.txt", new ByteArrayInputStream("two".getBytes(UTF_8)), false))
        .isInstanceOf(AlreadyExists.class);
    store.writeAtomic("atomic/x.txt", new ByteArrayInputStream("three".getBytes(UTF_8)), true);
    assertThat(text("atomic/x.txt")).isEqualTo("three");
  }

  @Test
  void missingFileIsNotFound() throws IOException {
    assumeCapable(Capability.READ, Capability.METADATA);
    assertThatThrownBy(() -> store.readBytes("nope/missing.txt"))
        .isInstanceOf(NotFound.class)
        .hasMessageContaining("missing.txt");
    assertThatThrownBy(() -> store.read("nope/missing.txt").close()).isInstanceOf(NotFound.class);
    assertThatThrownBy(() -> store.getFileInfo("nope/missing.txt")).isInstanceOf(NotFound.class);
    assertThat(store.exists("nope/missing.txt")).isFalse();
    assertThat(store.isFile("nope/missing.txt")).isFalse();
  }

  @Test
  void pathsAreNormalisedBeforeUse() throws IOException {
    assumeCapable(Capability.WRITE, Capability.READ);
    store.write("norm//a/./b/../c.txt/", "n".getBytes(UTF_8), false);
    assertThat(text("norm/a/c.txt")).isEqualTo("n");
    assertThat(text("./norm/a//c.txt")).isEqualTo("n");
  }

  @Test
  void percentEncodedDotsAreOrdinaryCharacters() throws IOException {
    assumeFixtures();
    assumeCapable(Capability.READ, Capability.LIST);
    put("enc/%2e%2e/x.txt", "literal");
    assertThat(text("enc/%2e%2e/x.txt")).isEqualTo("literal");
    assertThat(store.listFolders("enc", 1)).containsExactly("enc/%2e%2e");
  }

  @Test
  void identityIsDescribedAndSharedByChildren() throws InvalidPath {
    assertThat(store.name()).isNotBlank();
    assertThat(store.backendName()).isNotBlank();
    assertThat(store.backendType()).isNotBlank();
    assertThat(store.capabilities()).isNotNull();
    Store child = store.child("some/child");
    assertThat(child.backendName()).isEqualTo(store.backendName());
    assertThat(child.backendType()).isEqualTo(store.backendType());
    assertThat(child.capabilities()).isEqualTo(store.capabilities());
  }

  @Test
  void childPathsAreNormalisedAndMappedBelowTheChild() throws IOException {
    assumeCapable(Capability.WRITE, Capability.READ, Capability.METADATA);
    Store child = store.child("some/child");
    store.write("some/child/a/b", new byte[] {7}, true);
    assertThat(child.readBytes("a//b/")).containsExactly(7);
    assertThat(child.getFileInfo("./a/b").path()).isEqualTo("a/b");
  }

  @Test
  void unsupportedOperationsFailNamingBackendAndOperation() {
    Capabilities caps = store.capabilities();
    assumeTrue(
        caps.asSet().size() < Capability.values().length - 1,
        "the store supports every operation of the Store interface");
    if (!caps.supports(Capability.WRITE)) {
      assertUnsupported(() -> store.write("x.txt", new byte[1], true), "write");
      assertUnsupported(() -> store.createFolder("x"), "createFolder");
    }
    if (!caps.supports(Capability.ATOMIC_WRITE)) {
      assertUnsupported(() -> store.openAtomic("x.txt", true), "openAtomic");
      assertUnsupported(
          () -> store.writeAtomic("x.txt", new ByteArrayInputStream(new byte[1]), true),
          "writeAtomic");
    }
    if (!caps.supports(Capability.DELETE)) {
      assertUnsupported(() -> store.delete("x.txt", true), "delete");
      assertUnsupported(() -> store.deleteFolder("x"), "deleteFolder");
    }
    if (!caps.supports(Capability.LIST)) {
      assertUnsupported(() -> store.listFiles("", true), "listFiles");
      assertUnsupported(() -> store.listFolders("", 0), "listFolders");
    }
    if (!caps.supports(Capability.METADATA)) {
      assertUnsupported(() -> store.getFileInfo("x.txt"), "getFileInfo");
    }
    if (!caps.supports(Capability.READ)) {
      assertUnsupported(() -> store.readBytes("x.txt"), "read");
    }
    if (!caps.supports(Capability.COPY) && !caps.supports(Capability.WRITE)) {
      assertUnsupported(() -> store.copy("x.txt", "y.txt", true), "copy");
    }
    if (!caps.supports(Capability.MOVE) && !caps.supports(Capability.DELETE)) {
      assertUnsupported(() -> store.move("x.txt", "y.txt", true), "move");
    }
  }

  private void assertUnsupported(
      org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String operation) {
    assertThatThrownBy(call)
        .isInstanceOf(CapabilityNotSupported.class)
        .hasMessageContaining(store.backendName())
        .hasMessageContaining(operation);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "with space/file name.txt",
        "ünïcödé/日本語 ファイル.csv",
        "plus+equals=amp&semi;.txt",
        "percent%20and%2Fslash.txt",
        "hash#question?.txt",
        "quote'paren(1)~tilde@at,comma.txt",
        "-leading-dash/.hidden",
        "a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q/r/s/t/u/v/w/x/y/z/deep.txt"
      })
  void unusualButValidNamesRoundTrip(String path) throws IOException {
    assumeFixtures();
    assumeCapable(Capability.READ, Capability.LIST, Capability.METADATA);
    put(path, "content of " + path);
    assertThat(text(path)).isEqualTo("content of " + path);
    assertThat(store.getFileInfo(path).path()).isEqualTo(path);
    String parent = path.contains("/") ? path.substring(0, path.lastIndexOf('/')) : "";
    assertThat(paths(store.listFiles(parent))).containsExactly(path);
    assertThat(paths(store.listFiles("", true))).containsExactly(path);
  }

  @Test
  void closingReadsEarlyReleasesThem() throws IOException {
    assumeFixtures();
    assumeCapable(Capability.READ);
    StringBuilder big = new StringBuilder();
    while (big.length() < 1 << 20) {
      big.append("0123456789abcdef");
    }
    put("early.txt", big.toString());
    for (int i = 0; i < 64; i++) {
      try (InputStream in = store.read("early.txt")) {
        assertThat(in.read()).isEqualTo('0');
      }
      try (InputStream in = store.readRange("early.txt", 16L * i, 1 << 16)) {
        assertThat(in.read()).isEqualTo('0');
      }
    }
    assertThat(text("early.txt")).hasSize(big.length());
  }

  @Test
  void readingAFolderIsNotFound() throws IOException {
    assumeFixtures();
    assumeCapable(Capability.READ, Capability.METADATA);
    put("folder/inside.txt", "x");
    assertThatThrownBy(() -> store.readBytes("folder")).isInstanceOf(NotFound.class);
    assertThatThrownBy(() -> store.getFileInfo("folder")).isInstanceOf(NotFound.class);
  }

  // ---------------------------------------------------------------- path safety

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
        "nul\0byte"
      })
  void escapingPathsAreInvalidBeforeAnyBackendCall(String bad) {
    assertThatThrownBy(() -> store.readBytes(bad)).isInstanceOf(InvalidPath.class);
    assertThatThrownBy(() -> store.read(bad)).isInstanceOf(InvalidPath.class);
    assertThatThrownBy(() -> store.write(bad, new byte[1], true)).isInstanceOf(InvalidPath.class);
    assertThatThrownBy(() -> store.exists(bad)).isInstanceOf(InvalidPath.class);
    assertThatThrownBy(() -> store.getFileInfo(bad)).isInstanceOf(InvalidPath.class);
    assertThatThrownBy(() -> store.listFiles(bad, true)).isInstanceOf(InvalidPath.class);
    assertThatThrownBy(() -> store.listFolders(bad, 0)).isInstanceOf(InvalidPath.class);
    assertThatThrownBy(() -> store.delete(bad, true)).isInstanceOf(InvalidPath.class);
    assertThatThrownBy(() -> store.deleteFolder(bad)).isInstanceOf(InvalidPath.class);
    assertThatThrownBy(() -> store.copy("ok.txt", bad, true)).isInstanceOf(InvalidPath.class);
    assertThatThrownBy(() -> store.move(bad, "ok.txt", true)).isInstanceOf(InvalidPath.class);
    assertThatThrownBy(() -> store.openAtomic(bad, true)).isInstanceOf(InvalidPath.class);
    assertThatThrownBy(() -> store.child(bad)).isInstanceOf(InvalidPath.class);
    assertThatThrownBy(() -> store.readSeekable(bad)).isInstanceOf(InvalidPath.class);
  }

  @Test
  void invalidPathMessageNamesThePath() {
    assertThatThrownBy(() -> store.readBytes("a/../../secret.txt"))
        .isInstanceOf(InvalidPath.class)
        .hasMessageContaining("a/../../secret.txt");
  }

  @Test
  void theRootIsNotAFile() {
    assertThatThrownBy(() -> store.readBytes("")).isInstanceOf(InvalidPath.class);
    assertThatThrownBy(() -> store.write("/", new byte[0], true)).isInstanceOf(InvalidPath.class);
    assertThatThrownBy(() -> store.delete(".", true)).isInstanceOf(InvalidPath.class);
  }

  @Test
  void childStoresCannotEscapeTheirRoot() throws IOException {
    assumeFixtures();
    assumeCapable(Capability.READ);
    put("secret.txt", "top secret");
    Store child = store.child("public");
    assertThatThrownBy(() -> child.readBytes("../secret.txt")).isInstanceOf(InvalidPath.class);
    assertThatThrownBy(() -> child.child("..")).isInstanceOf(InvalidPath.class);
    assertThatThrownBy(() -> child.child("x/../../secret.txt")).isInstanceOf(InvalidPath.class);
    assertThatThrownBy(() -> child.write("a/../../x", new byte[0], true))
        .isInstanceOf(InvalidPath.class);
  }

  // ---------------------------------------------------------------- metadata

  @Test
  void existsIsFileAndIsFolder() throws IOException {
    assumeFixtures();
    assumeCapable(Capability.METADATA, Capability.LIST);
    put("m/n/file.txt", "x");
    assertThat(store.exists("m/n/file.txt")).isTrue();
    assertThat(store.isFile("m/n/file.txt")).isTrue();
    assertThat(store.isFolder("m/n/file.txt")).isFalse();
    assertThat(store.exists("m")).isTrue();
    assertThat(store.exists("m/n")).isTrue();
    assertThat(store.isFolder("m/n")).isTrue();
    assertThat(store.isFile("m/n")).isFalse();
    assertThat(store.isFolder("m/n/file")).isFalse();
    assertThat(store.exists("m/no")).isFalse();
    assertThat(store.isFolder("")).isTrue();
    assertThat(store.exists("")).isTrue();
  }

  @Test
  void fileInfoHasPathSizeAndModificationTime() throws IOException {
    assumeFixtures();
    assumeCapable(Capability.METADATA);
    Instant before = Instant.now().minusSeconds(5);
    put("info/f.txt", "12345");
    FileInfo info = store.getFileInfo("info//f.txt");
    assertThat(info.path()).isEqualTo("info/f.txt");
    assertThat(info.size()).isEqualTo(5);
    assertThat(info.lastModified()).isNotNull().isAfter(before);
    assertThat(info.lastModified()).isBefore(Instant.now().plusSeconds(5));
  }

  @Test
  void etagOrChecksumChangesWithContent() throws IOException {
    assumeFixtures();
    assumeCapable(Capability.METADATA);
    put("tag.txt", "one");
    FileInfo first = store.getFileInfo("tag.txt");
    assumeTrue(first.etag() != null || first.checksum() != null, "backend has no etag/checksum");
    put("tag.txt", "two, longer");
    FileInfo second = store.getFileInfo("tag.txt");
    if (first.etag() != null) {
      assertThat(second.etag()).isNotEqualTo(first.etag());
    } else {
      assertThat(second.checksum()).isNotEqualTo(first.checksum());
    }
  }

  @Test
  void folderInfoSummarisesEverythingBelow() throws IOException {
    assumeFixtures();
    assumeCapable(Capability.LIST);
    put("fi/a.txt", "aaa");
    put("fi/sub/b.txt", "bb");
    put("fi/sub/deeper/c.txt", "c");
    put("fi2/other.txt", "not counted");
    FolderInfo info = store.getFolderInfo("fi");
    assertThat(info.path()).isEqualTo("fi");
    assertThat(info.fileCount()).isEqualTo(3);
    assertThat(info.totalSize()).isEqualTo(6);
    assertThat(info.lastModified()).isEqualTo(newest(store.listFiles("fi", true)));
    assertThatThrownBy(() -> store.getFolderInfo("nofolder")).isInstanceOf(NotFound.class);
    assertThat(store.getFolderInfo("").fileCount()).isEqualTo(4);
  }

  private static Instant newest(List<FileInfo> files) {
    return files.stream().map(FileInfo::lastModified).max(Instant::compareTo).orElseThrow();
  }

  @Test
  void emptyStoreRootHasEmptyFolderInfo() throws IOException {
    assumeCapable(Capability.LIST);
    FolderInfo info = store.getFolderInfo("");
    assertThat(info.fileCount()).isZero();
    assertThat(info.totalSize()).isZero();
  }

  // ---------------------------------------------------------------- ranged and conditional reads

  @Test
  void readRangeEdgeCases() throws IOException {
    assumeFixtures();
    assumeCapable(Capability.READ);
    put("r.txt", "0123456789");
    assertThat(range("r.txt", 2, 3)).isEqualTo("234");
    assertThat(range("r.txt", 0, 10)).isEqualTo("0123456789");
    assertThat(range("r.txt", 7, 100)).isEqualTo("789");
    assertThat(range("r.txt", 4, -1)).isEqualTo("456789");
    assertThat(range("r.txt", 9, 1)).isEqualTo("9");
    assertThat(range("r.txt", 10, 5)).isEmpty();
    assertThat(range("r.txt", 50, 5)).isEmpty();
    assertThat(range("r.txt", 3, 0)).isEmpty();
    assertThatThrownBy(() -> store.readRange("missing.txt", 0, 1).close())
        .isInstanceOf(NotFound.class);
  }

  private String range(String path, long offset, long length) throws IOException {
    try (InputStream in = store.readRange(path, offset, length)) {
      return new String(in.readAllBytes(), UTF_8);
    }
  }

  @Test
  void readIfChangedHonoursValidators() throws IOException {
    assumeFixtures();
    assumeCapable(Capability.READ, Capability.METADATA);
    put("cond.txt", "v1");
    FileInfo info = store.getFileInfo("cond.txt");

    try (ConditionalRead plain = store.readIfChanged("cond.txt", null, null)) {
      assertThat(plain.isModified()).isTrue();
      assertThat(new String(plain.body().readAllBytes(), UTF_8)).isEqualTo("v1");
      assertThat(plain.info().path()).isEqualTo("cond.txt");
    }
    if (info.etag() != null) {
      try (ConditionalRead same = store.readIfChanged("cond.txt", info.etag(), null)) {
        assertThat(same.isModified()).isFalse();
        assertThatThrownBy(same::body).isInstanceOf(IllegalStateException.class);
      }
      try (ConditionalRead other = store.readIfChanged("cond.txt", "\"different\"", null)) {
        assertThat(other.isModified()).isTrue();
      }
    }
    try (ConditionalRead notNewer =
        store.readIfChanged("cond.txt", null, info.lastModified().plusSeconds(1))) {
      assertThat(notNewer.isModified()).isFalse();
    }
    try (ConditionalRead older =
        store.readIfChanged("cond.txt", null, info.lastModified().minusSeconds(3600))) {
      assertThat(older.isModified()).isTrue();
      assertThat(new String(older.body().readAllBytes(), UTF_8)).isEqualTo("v1");
    }
    assertThatThrownBy(() -> store.readIfChanged("gone.txt", null, null))
        .isInstanceOf(NotFound.class);
  }

  @Test
  void readIfChangedSeesNewContentUnderOldEtag() throws IOException {
    assumeFixtures();
    assumeCapable(Capability.READ, Capability.METADATA);
    put("cond2.txt", "v1");
    String etag = store.getFileInfo("cond2.txt").etag();
    assumeTrue(etag != null, "backend has no etag");
    put("cond2.txt", "version two");
    try (ConditionalRead r = store.readIfChanged("cond2.txt", etag, null)) {
      assertThat(r.isModified()).isTrue();
      assertThat(new String(r.body().readAllBytes(), UTF_8)).isEqualTo("version two");
    }
  }

  // ---------------------------------------------------------------- listing

  private void tree() throws IOException {
    put("t/a.txt", "a");
    put("t/b.txt", "bb");
    put("t/x/c.txt", "ccc");
    put("t/x/y/d.txt", "dddd");
    put("t/x/y/z/e.txt", "eeeee");
    put("t/w/f.txt", "f");
    put("tt/sibling.txt", "not below t");
  }

  @Test
  void listFilesDirectChildrenOnly() throws IOException {
    assumeFixtures();
    assumeCapable(Capability.LIST);
    tree();
    assertThat(paths(store.listFiles("t"))).containsExactly("t/a.txt", "t/b.txt");
    assertThat(paths(store.listFiles("t/", false, 5))).containsExactly("t/a.txt", "t/b.txt");
    List<FileInfo> files = store.listFiles("t");
    assertThat(files.get(1).size()).isEqualTo(2);
  }

  @Test
  void listFilesRecursiveAndByDepth() throws IOException {
    assumeFixtures();
    assumeCapable(Capability.LIST);
    tree();
    assertThat(paths(store.listFiles("t", true)))
        .containsExactly(
            "t/a.txt", "t/b.txt", "t/w/f.txt", "t/x/c.txt", "t/x/y/d.txt", "t/x/y/z/e.txt");
    assertThat(paths(store.listFiles("t", true, 1))).containsExactly("t/a.txt", "t/b.txt");
    assertThat(paths(store.listFiles("t", true, 2)))
        .containsExactly("t/a.txt", "t/b.txt", "t/w/f.txt", "t/x/c.txt");
    assertThat(paths(store.listFiles("t", true, 3)))
        .containsExactly("t/a.txt", "t/b.txt", "t/w/f.txt", "t/x/c.txt", "t/x/y/d.txt");
    assertThat(paths(store.listFiles("t/x", true, -1)))
        .containsExactly("t/x/c.txt", "t/x/y/d.txt", "t/x/y/z/e.txt");
    assertThat(paths(store.listFiles("", true))).hasSize(7).contains("tt/sibling.txt").isSorted();
  }

  @Test
  void listingAMissingFolderIsEmpty() throws IOException {
    assumeCapable(Capability.LIST);
    assertThat(store.listFiles("does/not/exist")).isEmpty();
    assertThat(store.listFiles("does/not/exist", true)).isEmpty();
    assertThat(store.listFolders("does/not/exist", 0)).isEmpty();
  }

  @Test
  void aFileIsNotAFolder() throws IOException {
    assumeFixtures();
    assumeCapable(Capability.LIST);
    put("plain.txt", "x");
    assertThat(store.listFiles("plain.txt")).isEmpty();
    assertThat(store.listFiles("plain.txt", true)).isEmpty();
    assertThat(store.listFolders("plain.txt", 0)).isEmpty();
    assertThat(store.isFolder("plain.txt")).isFalse();
    assertThatThrownBy(() -> store.getFolderInfo("plain.txt")).isInstanceOf(NotFound.class);
  }

  @Test
  void listFoldersByDepth() throws IOException {
    assumeFixtures();
    assumeCapable(Capability.LIST);
    tree();
    assertThat(store.listFolders("t", 1)).containsExactly("t/w", "t/x");
    assertThat(store.listFolders("t", 2)).containsExactly("t/w", "t/x", "t/x/y");
    assertThat(store.listFolders("t", 0)).containsExactly("t/w", "t/x", "t/x/y", "t/x/y/z");
    assertThat(store.listFolders("", 1)).containsExactly("t", "tt");
  }

  // ---------------------------------------------------------------- delete

  @Test
  void deleteFileAndMissingOk() throws IOException {
    assumeCapable(Capability.WRITE, Capability.DELETE, Capability.METADATA);
    put("d/gone.txt", "x");
    assertThat(store.delete("d/gone.txt", false)).isTrue();
    assertThat(store.exists("d/gone.txt")).isFalse();
    assertThatThrownBy(() -> store.delete("d/gone.txt", false))
        .isInstanceOf(NotFound.class)
        .hasMessageContaining("d/gone.txt");
    assertThatThrownBy(() -> store.delete("d/gone.txt")).isInstanceOf(NotFound.class);
    assertThat(store.delete("d/gone.txt", true)).isFalse();
  }

  @Test
  void deleteFolderRemovesEverythingBelowAndNothingBeside() throws IOException {
    assumeCapable(Capability.WRITE, Capability.DELETE, Capability.LIST);
    tree();
    store.deleteFolder("t/x");
    assertThat(paths(store.listFiles("t", true)))
        .containsExactly("t/a.txt", "t/b.txt", "t/w/f.txt");
    assertThat(store.isFolder("t/x")).isFalse();
    store.deleteFolder("t");
    assertThat(store.listFiles("t", true)).isEmpty();
    assertThat(paths(store.listFiles("tt"))).containsExactly("tt/sibling.txt");
    store.deleteFolder("never/existed");
  }

  @Test
  void deleteFolderOfRootEmptiesTheStore() throws IOException {
    assumeCapable(Capability.WRITE, Capability.DELETE, Capability.LIST);
    tree();
    store.deleteFolder("");
    assertThat(store.listFiles("", true)).isEmpty();
  }

  // ---------------------------------------------------------------- copy and move

  @Test
  void copyDuplicatesAndRespectsOverwrite() throws IOException {
    assumeCapable(Capability.WRITE, Capability.READ);
    assumeTrue(
        store.capabilities().supports(Capability.COPY)
            || store.capabilities().supports(Capability.WRITE));
    put("c/src.txt", "source");
    store.copy("c/src.txt", "c/sub/dst.txt", false);
    assertThat(text("c/sub/dst.txt")).isEqualTo("source");
    assertThat(text("c/src.txt")).isEqualTo("source");

    put("c/other.txt", "other");
    assertThatThrownBy(() -> store.copy("c/src.txt", "c/other.txt", false))
        .isInstanceOf(AlreadyExists.class)
        .hasMessageContaining("c/other.txt");
    assertThat(text("c/other.txt")).isEqualTo("other");
    store.copy("c/src.txt", "c/other.txt", true);
    assertThat(text("c/other.txt")).isEqualTo("source");

    assertThatThrownBy(() -> store.copy("c/missing.txt", "c/x.txt", true))
        .isInstanceOf(NotFound.class);
  }

  @Test
  void copyOrMoveOntoItselfKeepsTheFile() throws IOException {
    assumeCapable(Capability.WRITE, Capability.READ, Capability.DELETE);
    put("self.txt", "me");
    assertThatThrownBy(() -> store.copy("self.txt", "self.txt", false))
        .isInstanceOf(AlreadyExists.class);
    store.copy("self.txt", "./self.txt", true);
    store.move("self.txt", "self.txt", true);
    assertThat(text("self.txt")).isEqualTo("me");
  }

  @Test
  void moveRelocatesAndRespectsOverwrite() throws IOException {
    assumeCapable(Capability.WRITE, Capability.READ, Capability.DELETE, Capability.METADATA);
    put("mv/src.txt", "moving");
    store.move("mv/src.txt", "mv/deep/dst.txt", false);
    assertThat(text("mv/deep/dst.txt")).isEqualTo("moving");
    assertThat(store.exists("mv/src.txt")).isFalse();

    put("mv/a.txt", "a");
    put("mv/b.txt", "b");
    assertThatThrownBy(() -> store.move("mv/a.txt", "mv/b.txt", false))
        .isInstanceOf(AlreadyExists.class);
    assertThat(text("mv/a.txt")).isEqualTo("a");
    assertThat(text("mv/b.txt")).isEqualTo("b");
    store.move("mv/a.txt", "mv/b.txt", true);
    assertThat(text("mv/b.txt")).isEqualTo("a");
    assertThat(store.exists("mv/a.txt")).isFalse();

    assertThatThrownBy(() -> store.move("mv/missing.txt", "mv/x.txt", true))
        .isInstanceOf(NotFound.class);
  }

  @Test
  void copyAndMoveBetweenChildrenOfOneStore() throws IOException {
    assumeCapable(Capability.WRITE, Capability.READ, Capability.DELETE, Capability.METADATA);
    put("x/one.txt", "1");
    store.copy("x/one.txt", "y/one.txt", false);
    store.move("x/one.txt", "z/one.txt", false);
    assertThat(new String(store.child("y").readBytes("one.txt"), UTF_8)).isEqualTo("1");
    assertThat(new String(store.child("z").readBytes("one.txt"), UTF_8)).isEqualTo("1");
    assertThat(store.child("x").exists("one.txt")).isFalse();
  }

  // ---------------------------------------------------------------- child stores

  @Test
  void childStoreSeesASubNamespace() throws IOException {
    assumeFixtures();
    assumeCapable(Capability.READ, Capability.LIST, Capability.METADATA);
    Store silver = store.child("lake/silver");
    put("lake/silver/readings/2026-03-01.csv", "t,v\n");

    assertThat(text("lake/silver/readings/2026-03-01.csv")).isEqualTo("t,v\n");
    assertThat(paths(silver.listFiles("readings"))).containsExactly("readings/2026-03-01.csv");
    assertThat(paths(silver.listFiles("", true))).containsExactly("readings/2026-03-01.csv");
    assertThat(silver.listFolders("", 0)).containsExactly("readings");
    assertThat(silver.getFileInfo("readings/2026-03-01.csv").path())
        .isEqualTo("readings/2026-03-01.csv");
    assertThat(silver.backendName()).isEqualTo(store.backendName());
    assertThat(store.readBytes("lake/silver/readings/2026-03-01.csv"))
        .isEqualTo(silver.readBytes("readings/2026-03-01.csv"));

    Store readings = silver.child("readings");
    assertThat(new String(readings.readBytes("2026-03-01.csv"), UTF_8)).isEqualTo("t,v\n");
    assertThat(store.child("lake").child("silver/readings").exists("2026-03-01.csv")).isTrue();
    assertThat(store.child("./lake//silver/").exists("readings/2026-03-01.csv")).isTrue();
  }

  @Test
  void childNameShowsItsPlace() throws InvalidPath {
    assertThat(store.child("a/b").name()).endsWith("a/b");
  }

  // ---------------------------------------------------------------- atomicity

  @Test
  void openAtomicPublishesOnlyOnClose() throws IOException {
    assumeCapable(Capability.ATOMIC_WRITE, Capability.READ, Capability.METADATA, Capability.LIST);
    try (Store.AtomicOutputStream out = store.openAtomic("at/file.txt", false)) {
      out.write("part one, ".getBytes(UTF_8));
      out.flush();
      assertThat(store.exists("at/file.txt")).isFalse();
      assertThat(store.listFiles("at", true)).isEmpty();
      out.write("part two".getBytes(UTF_8));
    }
    assertThat(text("at/file.txt")).isEqualTo("part one, part two");
    assertThat(paths(store.listFiles("at", true))).containsExactly("at/file.txt");
  }

  @Test
  void abortedAtomicWriteLeavesNothing() throws IOException {
    assumeCapable(Capability.ATOMIC_WRITE, Capability.METADATA, Capability.LIST);
    Store.AtomicOutputStream out = store.openAtomic("ab/file.txt", false);
    out.write(new byte[100_000]);
    out.abort();
    out.close();
    out.abort();
    assertThat(store.exists("ab/file.txt")).isFalse();
    assertThat(store.listFiles("", true)).isEmpty();
    assertThat(store.listFolders("", 0)).isEmpty();
  }

  @Test
  void abortedOverwriteKeepsTheOldContent() throws IOException {
    assumeCapable(Capability.WRITE, Capability.ATOMIC_WRITE, Capability.READ, Capability.LIST);
    put("keep.txt", "old");
    Store.AtomicOutputStream out = store.openAtomic("keep.txt", true);
    out.write("new content that is abandoned".getBytes(UTF_8));
    out.abort();
    assertThat(text("keep.txt")).isEqualTo("old");
    assertThat(paths(store.listFiles("", true))).containsExactly("keep.txt");
  }

  @Test
  void openAtomicWithoutOverwriteRefusesExistingFile() throws IOException {
    assumeCapable(Capability.WRITE, Capability.ATOMIC_WRITE, Capability.READ);
    put("exists.txt", "x");
    assertThatThrownBy(
            () -> {
              try (OutputStream out = store.openAtomic("exists.txt", false)) {
                out.write(1);
              }
            })
        .isInstanceOf(AlreadyExists.class);
    assertThat(text("exists.txt")).isEqualTo("x");
  }

  @Test
  void failingInputStreamPublishesNothing() throws IOException {
    assumeCapable(Capability.WRITE, Capability.READ, Capability.METADATA, Capability.LIST);
    put("fail/existing.txt", "previous");
    for (boolean atomic : new boolean[] {false, true}) {
      if (atomic && !store.capabilities().supports(Capability.ATOMIC_WRITE)) {
        continue;
      }
      InputStream failing = new FailingInputStream(300_000);
      assertThatThrownBy(
              () -> {
                if (atomic) {
                  store.writeAtomic("fail/new.txt", failing, false);
                } else {
                  store.write("fail/new.txt", failing, false);
                }
              })
          .isInstanceOf(IOException.class);
      assertThat(store.exists("fail/new.txt")).isFalse();

      InputStream failingAgain = new FailingInputStream(300_000);
      assertThatThrownBy(() -> store.write("fail/existing.txt", failingAgain, true))
          .isInstanceOf(IOException.class);
      assertThat(text("fail/existing.txt")).isEqualTo("previous");
      assertThat(paths(store.listFiles("", true))).containsExactly("fail/existing.txt");
    }
  }

  /** Produces {@code failAfter} bytes, then throws. */
  private static final class FailingInputStream extends InputStream {
    private final long failAfter;
    private long produced;

    FailingInputStream(long failAfter) {
      this.failAfter = failAfter;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (produced >= failAfter) {
        throw new IOException("simulated failure of the source stream");
      }
      int n = (int) Math.min(len, failAfter - produced);
      Arrays.fill(b, off, off + n, (byte) 'z');
      produced += n;
      return n;
    }
  }

  // ---------------------------------------------------------------- large streams

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void largeStreamRoundTripsWithBoundedMemory() throws Exception {
    assumeCapable(Capability.WRITE, Capability.READ, Capability.METADATA);
    long size = largeStreamBytes();
    GeneratedStream source = new GeneratedStream(size, 42);
    store.write("large/blob.bin", source, false);
    String written = source.hex();

    assertThat(store.getFileInfo("large/blob.bin").size()).isEqualTo(size);
    CRC32C digest = new CRC32C();
    long total = 0;
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = store.read("large/blob.bin")) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        digest.update(buffer, 0, n);
        total += n;
      }
    }
    assertThat(total).isEqualTo(size);
    assertThat(Long.toHexString(digest.getValue())).isEqualTo(written);

    long offset = size / 2 + 3;
    try (InputStream in = store.readRange("large/blob.bin", offset, 16)) {
      byte[] expected = GeneratedStream.bytesAt(42, offset, 16);
      assertThat(in.readAllBytes()).isEqualTo(expected);
    }
    if (store.capabilities().supports(Capability.DELETE)) {
      store.delete("large/blob.bin");
    }
  }

  /**
   * A deterministic pseudo-random stream that is generated while read and checksummed (CRC-32C) on
   * the way, so tests never hold its content.
   */
  protected static final class GeneratedStream extends InputStream {
    private final long size;
    private final long seed;
    private final CRC32C digest = new CRC32C();
    private long position;

    /** A stream of {@code size} bytes derived from {@code seed}. */
    public GeneratedStream(long size, long seed) {
      this.size = size;
      this.seed = seed;
    }

    /** The byte at {@code position} of the stream for {@code seed}. */
    static byte byteAt(long seed, long position) {
      long word = mix(seed + (position >>> 3));
      return (byte) (word >>> ((position & 7) * 8));
    }

    static byte[] bytesAt(long seed, long offset, int length) {
      byte[] out = new byte[length];
      for (int i = 0; i < length; i++) {
        out[i] = byteAt(seed, offset + i);
      }
      return out;
    }

    private static long mix(long z) {
      z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
      z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
      return z ^ (z >>> 33);
    }

    @Override
    public int read() {
      if (position >= size) {
        return -1;
      }
      byte b = byteAt(seed, position++);
      digest.update(b);
      return b & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (len == 0) {
        return 0;
      }
      if (position >= size) {
        return -1;
      }
      int n = (int) Math.min(len, size - position);
      int i = 0;
      while (i < n) {
        if ((position & 7) == 0 && n - i >= 8) {
          long word = mix(seed + (position >>> 3));
          for (int k = 0; k < 8; k++) {
            b[off + i + k] = (byte) (word >>> (k * 8));
          }
          i += 8;
          position += 8;
        } else {
          b[off + i] = byteAt(seed, position);
          i++;
          position++;
        }
      }
      digest.update(b, off, n);
      return n;
    }

    /** The hex CRC-32C of everything read so far. */
    public String hex() {
      return Long.toHexString(digest.getValue());
    }
  }

  // ---------------------------------------------------------------- concurrency

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void concurrentWritersOfDistinctKeys() throws Exception {
    assumeCapable(Capability.WRITE, Capability.READ, Capability.LIST);
    int n = concurrentWriters();
    List<Callable<Void>> tasks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int id = i;
      tasks.add(
          () -> {
            for (int k = 0; k < 5; k++) {
              store.write("conc/w" + id + "/f" + k + ".txt", content(id, 1000 + k), false);
            }
            return null;
          });
    }
    runTogether(tasks);
    assertThat(store.listFiles("conc", true)).hasSize(n * 5);
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < 5; k++) {
        assertThat(store.readBytes("conc/w" + i + "/f" + k + ".txt"))
            .isEqualTo(content(i, 1000 + k));
      }
    }
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void concurrentWritersOfOneKeyLeaveExactlyOneCompleteVersion() throws Exception {
    assumeCapable(Capability.WRITE, Capability.READ, Capability.LIST);
    int n = concurrentWriters();
    int size = 256 * 1024;
    List<Callable<Void>> tasks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int id = i;
      tasks.add(
          () -> {
            store.write("same/key.bin", new ByteArrayInputStream(content(id, size)), true);
            return null;
          });
    }
    runTogether(tasks);
    byte[] result = store.readBytes("same/key.bin");
    assertThat(result).hasSize(size);
    int writer = result[0];
    assertThat(writer).isBetween(0, n - 1);
    assertThat(result).isEqualTo(content(writer, size));
    assertThat(paths(store.listFiles("same", true))).containsExactly("same/key.bin");
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void concurrentCreatorsWithoutOverwriteHaveOneWinner() throws Exception {
    assumeCapable(Capability.WRITE, Capability.READ);
    assumeTrue(
        serverSupportsExclusiveCreate(),
        "the test server has no atomic create-if-absent (conditional PUT)");
    int n = concurrentWriters();
    List<Callable<Void>> tasks = new ArrayList<>();
    List<Integer> winners = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int i = 0; i < n; i++) {
      int id = i;
      tasks.add(
          () -> {
            try {
              store.write("once/key.bin", content(id, 4096), false);
              winners.add(id);
            } catch (AlreadyExists expected) {
              // another writer was first
            }
            return null;
          });
    }
    runTogether(tasks);
    assertThat(winners).hasSize(1);
    assertThat(store.readBytes("once/key.bin")).isEqualTo(content(winners.get(0), 4096));
  }

  /** Content whose every byte identifies the writer, so that torn mixes are detected. */
  private static byte[] content(int writer, int size) {
    byte[] data = new byte[size];
    Arrays.fill(data, (byte) writer);
    for (int i = 1; i < size; i += 97) {
      data[i] = (byte) (writer + i);
    }
    data[0] = (byte) writer;
    return data;
  }

  private static void runTogether(List<Callable<Void>> tasks) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Void>> futures = new ArrayList<>();
      for (Callable<Void> task : tasks) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return task.call();
                }));
      }
      start.countDown();
      for (Future<Void> f : futures) {
        f.get(1, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  // ---------------------------------------------------------------- createFolder

  @Test
  void createFolderThenWriteInside() throws IOException {
    assumeCapable(Capability.WRITE, Capability.READ);
    store.createFolder("made/here");
    put("made/here/f.txt", "in");
    assertThat(text("made/here/f.txt")).isEqualTo("in");
  }

  // ---------------------------------------------------------------- seekable reads

  /** 300 KiB of varied bytes: more than a short forward hop and the footer look-behind. */
  private static byte[] seekableContent(long seed) {
    byte[] data = new byte[300 * 1024];
    new java.util.Random(seed).nextBytes(data);
    return data;
  }

  /** Seeks to {@code position} and reads up to {@code count} bytes, fewer at the end. */
  private static byte[] readAt(SeekableInputStream in, long position, int count)
      throws IOException {
    in.seek(position);
    byte[] out = new byte[count];
    int off = 0;
    while (off < count) {
      int n = in.read(out, off, count - off);
      if (n < 0) {
        break;
      }
      off += n;
    }
    return Arrays.copyOf(out, off);
  }

  private static byte[] slice(byte[] data, int from, int count) {
    return Arrays.copyOfRange(data, from, from + count);
  }

  @Test
  void seeksReadTheBytesAtEveryPositionAndNothingPastTheEnd() throws IOException {
    assumeCapable(Capability.READ);
    assumeFixtures();
    byte[] data = seekableContent(1);
    int n = data.length;
    seed.write("seek/data.bin", data, true);
    try (SeekableInputStream in = store.readSeekable("seek/data.bin", 64 * 1024)) {
      assertThat(readAt(in, n - 8, 8)).isEqualTo(slice(data, n - 8, 8)); // a footer's tail
      assertThat(readAt(in, n - 8 - 1000, 1000)).isEqualTo(slice(data, n - 1008, 1000));
      assertThat(readAt(in, 0, 5000)).isEqualTo(slice(data, 0, 5000)); // back to the start
      assertThat(readAt(in, 6000, 100)).isEqualTo(slice(data, 6000, 100)); // a short hop
      assertThat(readAt(in, 200_000, 50_000)).isEqualTo(slice(data, 200_000, 50_000));
      assertThat(readAt(in, 10, 10)).isEqualTo(slice(data, 10, 10));
      assertThat(readAt(in, n - 100, 1000)).isEqualTo(slice(data, n - 100, 100)); // to the end
      assertThat(in.read()).isEqualTo(-1);
      assertThat(in.position()).isEqualTo(n);
      assertThat(in.length()).isEqualTo(n);
      in.seek(n + 1000);
      assertThat(in.read(new byte[10], 0, 10)).isEqualTo(-1);
      in.seek(n - 1);
      assertThat(in.read()).isEqualTo(data[n - 1] & 0xff);
      assertThat(in.read()).isEqualTo(-1);
    }
  }

  @Test
  void aClosedSeekableStreamRefusesToReadAndOthersOnTheFileGoOn() throws IOException {
    assumeCapable(Capability.READ);
    assumeFixtures();
    byte[] data = seekableContent(2);
    seed.write("seek/closed.bin", data, true);
    SeekableInputStream other = store.readSeekable("seek/closed.bin", 64 * 1024);
    SeekableInputStream in = store.readSeekable("seek/closed.bin", 64 * 1024);
    assertThat(readAt(in, 100_000, 10)).isEqualTo(slice(data, 100_000, 10));
    assertThat(readAt(other, 100_000, 10)).isEqualTo(slice(data, 100_000, 10));
    in.close();
    in.close(); // again: nothing happens
    assertThatThrownBy(in::read).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> in.read(new byte[4], 0, 4)).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> in.seek(5)).isInstanceOf(IOException.class);
    assertThat(readAt(other, 5, 10)).isEqualTo(slice(data, 5, 10));
    assertThat(readAt(other, 250_000, 10)).isEqualTo(slice(data, 250_000, 10));
    other.close();
  }

  @Test
  void aSeekableStreamKeepsTheLengthItFirstSawWhenTheFileGrows() throws IOException {
    assumeCapable(Capability.READ);
    assumeFixtures();
    byte[] data = seekableContent(3);
    byte[] first = Arrays.copyOf(data, 100 * 1024);
    seed.write("seek/grows.bin", first, true);
    try (SeekableInputStream in = store.readSeekable("seek/grows.bin", 64 * 1024)) {
      assertThat(readAt(in, 0, 10)).isEqualTo(slice(first, 0, 10));
      seed.write("seek/grows.bin", data, true); // the same first bytes, then more
      assertThat(readAt(in, 90 * 1024, 20 * 1024)).isEqualTo(slice(data, 90 * 1024, 10 * 1024));
      assertThat(readAt(in, 50, 4000)).isEqualTo(slice(data, 50, 4000));
      assertThat(in.length()).isEqualTo(first.length);
    }
    try (SeekableInputStream in = store.readSeekable("seek/grows.bin", 64 * 1024)) {
      assertThat(in.readAllBytes()).isEqualTo(data);
    }
  }

  @Test
  void aSeekableStreamOverAReplacedFileNeverMixesTheTwoWithinARead() throws IOException {
    assumeCapable(Capability.READ);
    assumeFixtures();
    byte[] before = seekableContent(4);
    byte[] after = seekableContent(5);
    seed.write("seek/replaced.bin", before, true);
    try (SeekableInputStream in = store.readSeekable("seek/replaced.bin", 64 * 1024)) {
      assertThat(readAt(in, 0, 10)).isEqualTo(slice(before, 0, 10));
      seed.write("seek/replaced.bin", after, true);
      for (int at : new int[] {200_000, 1000, 150_000}) {
        byte[] got;
        try {
          got = readAt(in, at, 100);
        } catch (IOException e) {
          continue; // a backend may refuse to go on reading a replaced file
        }
        assertThat(got).isIn(slice(before, at, 100), slice(after, at, 100));
      }
    }
    try (SeekableInputStream in = store.readSeekable("seek/replaced.bin", 64 * 1024)) {
      assertThat(in.readAllBytes()).isEqualTo(after);
    }
  }
}
