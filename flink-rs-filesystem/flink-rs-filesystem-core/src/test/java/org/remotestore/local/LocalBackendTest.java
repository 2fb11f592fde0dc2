package org.remotestore.local;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotestore.AlreadyExists;
import org.remotestore.BackendConfig;
import org.remotestore.ConfigException;
import org.remotestore.DefaultStore;
import org.remotestore.FileInfo;
import org.remotestore.InvalidPath;
import org.remotestore.PermissionDenied;
import org.remotestore.Registry;
import org.remotestore.RegistryConfig;
import org.remotestore.RemoteStoreException;
import org.remotestore.Store;

class LocalBackendTest {
  @TempDir Path dir;
  private Path root;
  private Path outside;
  private Store store;

  @BeforeEach
  void setUp() throws IOException {
    root = dir.resolve("root");
    outside = Files.createDirectories(dir.resolve("outside"));
    Files.writeString(outside.resolve("secret.txt"), "outside the root");
    store = new DefaultStore(new LocalBackend("disk", root, true), "");
  }

  @Test
  void filesAreRealFilesUnderTheRoot() throws IOException {
    store.write("a/b/c.txt", "real".getBytes(UTF_8), false);
    assertThat(Files.readString(root.resolve("a/b/c.txt"))).isEqualTo("real");
    Files.writeString(root.resolve("a/external.txt"), "put there by hand");
    assertThat(new String(store.readBytes("a/external.txt"), UTF_8)).isEqualTo("put there by hand");
    FileInfo info = store.getFileInfo("a/b/c.txt");
    assertThat(info.etag()).isNull();
    assertThat(info.lastModified())
        .isEqualTo(Files.getLastModifiedTime(root.resolve("a/b/c.txt")).toInstant());
  }

  @Test
  void symlinkToAFileOutsideTheRootIsRefused() throws IOException {
    Files.createDirectories(root);
    Files.createSymbolicLink(root.resolve("link.txt"), outside.resolve("secret.txt"));
    assertThatThrownBy(() -> store.readBytes("link.txt"))
        .isInstanceOf(PermissionDenied.class)
        .hasMessageContaining("link.txt");
    assertThatThrownBy(() -> store.getFileInfo("link.txt")).isInstanceOf(PermissionDenied.class);
    assertThat(store.listFiles("")).extracting(FileInfo::path).doesNotContain("link.txt");
    assertThat(Files.readString(outside.resolve("secret.txt"))).isEqualTo("outside the root");
  }

  @Test
  void symlinkToAFolderOutsideTheRootIsRefusedForReadsWritesAndListings() throws IOException {
    Files.createDirectories(root);
    Files.createSymbolicLink(root.resolve("escape"), outside);
    assertThatThrownBy(() -> store.readBytes("escape/secret.txt"))
        .isInstanceOf(PermissionDenied.class);
    assertThatThrownBy(() -> store.write("escape/new.txt", new byte[1], true))
        .isInstanceOf(PermissionDenied.class);
    assertThatThrownBy(() -> store.write("escape/sub/new.txt", new byte[1], true))
        .isInstanceOf(PermissionDenied.class);
    assertThatThrownBy(() -> store.listFiles("escape")).isInstanceOf(PermissionDenied.class);
    assertThatThrownBy(() -> store.deleteFolder("escape")).isInstanceOf(PermissionDenied.class);
    assertThatThrownBy(() -> store.child("escape").readBytes("secret.txt"))
        .isInstanceOf(PermissionDenied.class);
    assertThat(store.listFolders("", 0)).doesNotContain("escape");
    assertThat(store.listFiles("", true)).isEmpty();
    assertThat(Files.exists(outside.resolve("new.txt"))).isFalse();
    assertThat(Files.exists(outside.resolve("sub"))).isFalse();
  }

  @Test
  void deletingTheRootFolderDoesNotFollowLinks() throws IOException {
    Files.createDirectories(root);
    Files.createSymbolicLink(root.resolve("escape"), outside);
    store.write("x.txt", new byte[1], true);
    store.deleteFolder("");
    assertThat(Files.exists(outside.resolve("secret.txt"))).isTrue();
    assertThat(Files.isDirectory(root)).isTrue();
    assertThat(store.listFiles("", true)).isEmpty();
  }

  @Test
  void symlinksInsideTheRootAreFollowed() throws IOException {
    store.write("data/real.txt", "inside".getBytes(UTF_8), false);
    Files.createSymbolicLink(root.resolve("alias"), root.resolve("data"));
    assertThat(new String(store.readBytes("alias/real.txt"), UTF_8)).isEqualTo("inside");
  }

  @Test
  void temporaryFilesAreHiddenAndTheirNamesReserved() throws IOException {
    store.write("t/visible.txt", new byte[1], false);
    Files.writeString(root.resolve("t/" + LocalBackend.TEMP_PREFIX + "leftover"), "x");
    assertThat(store.listFiles("t")).extracting(FileInfo::path).containsExactly("t/visible.txt");
    assertThat(store.getFolderInfo("t").fileCount()).isEqualTo(1);
    assertThatThrownBy(() -> store.write("t/" + LocalBackend.TEMP_PREFIX + "x", new byte[1], true))
        .isInstanceOf(InvalidPath.class)
        .hasMessageContaining("reserved");
    assertThatThrownBy(() -> store.write(LocalBackend.TEMP_PREFIX + "dir/x.txt", new byte[1], true))
        .isInstanceOf(InvalidPath.class);
    assertThatThrownBy(() -> store.createFolder("a/" + LocalBackend.TEMP_PREFIX + "dir"))
        .isInstanceOf(InvalidPath.class);
  }

  @Test
  void openWriteUsesAHiddenTemporaryFileInTheTargetFolder() throws IOException {
    try (Store.AtomicOutputStream out = store.openAtomic("w/file.txt", false)) {
      out.write("abc".getBytes(UTF_8));
      out.flush();
      try (Stream<Path> files = Files.list(root.resolve("w"))) {
        assertThat(files.map(p -> p.getFileName().toString()))
            .singleElement()
            .satisfies(n -> assertThat(n).startsWith(LocalBackend.TEMP_PREFIX));
      }
      assertThat(store.listFiles("w")).isEmpty();
    }
    try (Stream<Path> files = Files.list(root.resolve("w"))) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("file.txt");
    }
  }

  @Test
  void abortRemovesTheTemporaryFileAndTheFoldersItCreated() throws IOException {
    store.createFolder("keep");
    Store.AtomicOutputStream out = store.openAtomic("keep/new/deeper/f.txt", false);
    out.write(new byte[10]);
    out.abort();
    assertThat(Files.exists(root.resolve("keep/new"))).isFalse();
    assertThat(Files.isDirectory(root.resolve("keep"))).isTrue();
  }

  @Test
  void foldersAreReal() throws IOException {
    store.createFolder("empty/inner");
    assertThat(store.isFolder("empty/inner")).isTrue();
    assertThat(store.listFolders("", 0)).containsExactly("empty", "empty/inner");
    assertThat(store.getFolderInfo("empty").fileCount()).isZero();
    store.write("f.txt", new byte[1], false);
    assertThatThrownBy(() -> store.createFolder("f.txt")).isInstanceOf(AlreadyExists.class);
    assertThatThrownBy(() -> store.write("empty", new byte[1], true))
        .isInstanceOf(AlreadyExists.class)
        .hasMessageContaining("folder");
    assertThatThrownBy(() -> store.write("f.txt/below.txt", new byte[1], true))
        .isInstanceOf(RemoteStoreException.class)
        .hasMessageContaining("f.txt/below.txt");
    assertThat(store.delete("empty", true)).isFalse();
  }

  @Test
  void readsReleaseTheFile() throws IOException {
    store.write("r.txt", "0123456789".getBytes(UTF_8), false);
    try (InputStream in = store.readRange("r.txt", 3, 4)) {
      assertThat(in.skip(1)).isEqualTo(1);
      assertThat(new String(in.readAllBytes(), UTF_8)).isEqualTo("456");
    }
    store.delete("r.txt");
    assertThat(Files.exists(root.resolve("r.txt"))).isFalse();
  }

  @Test
  void factoryRequiresRootAndCreatesIt() throws IOException {
    LocalBackendFactory factory = new LocalBackendFactory();
    assertThatThrownBy(() -> factory.create(new BackendConfig("disk", "local", Map.of())))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("rs.backends.disk.root");
    assertThatThrownBy(
            () ->
                factory.create(
                    new BackendConfig(
                        "disk", "local", Map.of("root", dir.toString(), "fsync", "maybe"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("rs.backends.disk.fsync");
    Files.writeString(dir.resolve("a-file"), "x");
    assertThatThrownBy(
            () ->
                factory.create(
                    new BackendConfig(
                        "disk", "local", Map.of("root", dir.resolve("a-file/sub").toString()))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("rs.backends.disk.root");

    Path fresh = dir.resolve("fresh/root");
    LocalBackend backend =
        (LocalBackend)
            factory.create(new BackendConfig("disk", "local", Map.of("root", fresh.toString())));
    assertThat(Files.isDirectory(fresh)).isTrue();
    assertThat(backend.root()).isEqualTo(fresh.toRealPath());
  }

  @Test
  void registryFromYamlWithLocalBackend() throws IOException {
    String yaml =
        """
        rs:
          backends:
            lake: {type: local, root: '%s'}
          stores:
            bronze: {backend: lake, root-path: bronze}
            silver: {backend: lake, root-path: silver}
        """
            .formatted(root.toString().replace("'", "''"));
    try (Registry registry = Registry.create(RegistryConfig.fromYaml(yaml))) {
      registry.store("bronze").write("x.csv", "1".getBytes(UTF_8), false);
      registry.store("silver").write("y.parquet", "2".getBytes(UTF_8), false);
      assertThat(Files.readString(root.resolve("bronze/x.csv"))).isEqualTo("1");
      assertThat(Files.readString(root.resolve("silver/y.parquet"))).isEqualTo("2");
      assertThat(registry.store("bronze").backendType()).isEqualTo("local");
    }
  }

  @Test
  void atomicCreateFalseWritesInPlaceAsFileDoes() throws IOException {
    Path direct = dir.resolve("direct");
    Store s =
        new DefaultStore(
            new LocalBackendFactory()
                .create(
                    new BackendConfig(
                        "disk",
                        "local",
                        Map.of(
                            "root",
                            direct.toString(),
                            "atomic-create",
                            "false",
                            "fsync",
                            "false"))),
            "");
    try (Store.AtomicOutputStream out = s.openAtomic("d/f.txt", false)) {
      out.write("abc".getBytes(UTF_8));
      out.flush();
      assertThat(Files.readString(direct.resolve("d/f.txt"))).isEqualTo("abc");
      try (Stream<Path> files = Files.list(direct.resolve("d"))) {
        assertThat(files).hasSize(1);
      }
    }
    assertThatThrownBy(() -> s.openAtomic("d/f.txt", false)).isInstanceOf(AlreadyExists.class);
    s.write("d/f.txt", "new".getBytes(UTF_8), true);
    assertThat(Files.readString(direct.resolve("d/f.txt"))).isEqualTo("new");

    Store.AtomicOutputStream aborted = s.openAtomic("d/sub/g.txt", false);
    aborted.write(new byte[10]);
    aborted.abort();
    assertThat(Files.exists(direct.resolve("d/sub"))).isFalse();
    assertThat(s.listFiles("", true)).extracting(FileInfo::path).containsExactly("d/f.txt");

    assertThatThrownBy(() -> s.write("d", new byte[1], true))
        .isInstanceOf(AlreadyExists.class)
        .hasMessageContaining("folder");
    Files.createSymbolicLink(direct.resolve("d/link.txt"), outside.resolve("secret.txt"));
    assertThatThrownBy(() -> s.write("d/link.txt", new byte[1], true))
        .isInstanceOf(PermissionDenied.class);
    assertThat(Files.readString(outside.resolve("secret.txt"))).isEqualTo("outside the root");
    assertThatThrownBy(
            () ->
                new LocalBackendFactory()
                    .validate(
                        new BackendConfig(
                            "disk",
                            "local",
                            Map.of("root", direct.toString(), "atomic-create", "maybe"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("rs.backends.disk.atomic-create");
  }

  @Test
  void aFolderInTheWayOfAnAtomicCreateIsReportedAsAFolder() throws IOException {
    store.createFolder("taken/inner");
    assertThatThrownBy(() -> store.write("taken", new byte[1], false))
        .isInstanceOf(AlreadyExists.class)
        .hasMessageContaining("folder");
    assertThatThrownBy(() -> store.write("taken", new byte[1], true))
        .isInstanceOf(AlreadyExists.class)
        .hasMessageContaining("folder");
    assertThat(store.isFolder("taken/inner")).isTrue();
    try (Stream<Path> files = Files.list(root.resolve("taken"))) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("inner");
    }
  }
}
