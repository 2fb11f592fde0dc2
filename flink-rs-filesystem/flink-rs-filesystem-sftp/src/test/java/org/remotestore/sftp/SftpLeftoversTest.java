package org.remotestore.sftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.remotestore.DefaultStore;
import org.remotestore.InvalidPath;
import org.remotestore.RecoverableUploads;
import org.remotestore.Store;
import org.remotestore.ext.sweep.OrphanSweeper;
import org.remotestore.ext.sweep.SweepReport;
import org.remotestore.ext.sweep.SweepReport.Decision;
import org.remotestore.spi.Backend;
import org.remotestore.spi.Leftover;
import org.remotestore.spi.LeftoverSupport;
import org.remotestore.testing.sftp.SftpTestServer;

/**
 * What crashed sftp writers leave (hidden in-progress files of resumable writes, temporary files of
 * atomic writes), listed and removed through {@link LeftoverSupport} and the orphan sweeper against
 * the in-process SFTP server; a live write and an upload a checkpoint refers to are kept.
 */
class SftpLeftoversTest {
  private Backend backend;
  private Store store;
  private Path folder; // the store's root on the server's disk

  @BeforeEach
  void setUp() throws Exception {
    SftpTestServer server = SftpTestServer.shared();
    backend = new SftpBackendFactory().create(SftpTestServer.config("drop", server.options()));
    String root = "leftovers/" + UUID.randomUUID();
    store = new DefaultStore(backend, "drop", root);
    folder = server.root().resolve(root);
  }

  @AfterEach
  void tearDown() throws Exception {
    try {
      store.deleteFolder("");
    } finally {
      backend.close();
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private byte[] persisted(String path, String content) throws Exception {
    RecoverableUploads.Upload upload = store.recoverableUploads().create(path);
    upload.write(bytes(content), 0, content.length());
    byte[] state = upload.persist();
    upload.close(); // a crash after the persist: the in-progress file stays
    return state;
  }

  private List<Leftover> leftovers(String dir) throws Exception {
    return store.unwrap(LeftoverSupport.class).orElseThrow().listLeftovers(dir);
  }

  private static Map<String, Decision> decisions(SweepReport report) {
    return report.entries().stream()
        .collect(
            Collectors.toMap(
                e -> e.leftover().key().replaceAll("\\.inprogress\\..*", ""),
                SweepReport.Entry::decision));
  }

  @Test
  void crashedWritersLeftoversAreListedAndRemovedAndLiveOnesAreKept() throws Exception {
    store.write("silver/real.csv", bytes("published"), false);
    persisted("silver/a.csv", "abandoned");
    byte[] live = persisted("silver/b.csv", "referenced");
    // an atomic write that crashed (its temporary file) and a parked file, which is never listed
    Files.write(folder.resolve("silver/.rs-tmp.crashed"), bytes("half"));
    Files.write(folder.resolve("silver/.rs-tmp.parked.old"), bytes("previous content"));

    Map<String, String> kinds =
        leftovers("").stream()
            .collect(
                Collectors.toMap(
                    l -> l.key().replaceAll("\\.inprogress\\..*", ""), Leftover::kind));
    assertThat(kinds)
        .containsOnly(
            Map.entry("silver/.a.csv", LeftoverSupport.KIND_STAGING_FILE),
            Map.entry("silver/.b.csv", LeftoverSupport.KIND_STAGING_FILE),
            Map.entry("silver/.rs-tmp.crashed", LeftoverSupport.KIND_TEMPORARY_FILE));
    assertThat(leftovers("silver"))
        .allSatisfy(l -> assertThat(l.id()).endsWith("/" + l.key())) // the backend key
        .allSatisfy(l -> assertThat(l.startedAt()).isNotNull())
        .filteredOn(l -> l.key().startsWith("silver/.a.csv"))
        .singleElement()
        .satisfies(l -> assertThat(l.bytes()).isEqualTo(9));
    assertThat(leftovers("gold")).isEmpty();

    // a completed checkpoint refers to b's state
    store.write("chk/j1/chk-3/_metadata", bytes("metadata"), false);
    ByteArrayOutputStream state = new ByteArrayOutputStream();
    state.write(bytes("operator state "));
    state.write(live);
    store.write("chk/j1/chk-3/op-1", state.toByteArray(), false);

    // a write still running: its temporary file is young and is kept
    Store.AtomicOutputStream running = store.openAtomic("silver/running.csv", false);
    running.write(bytes("in progress"));
    running.flush();
    SweepReport young =
        OrphanSweeper.builder(store).olderThan(Duration.ofHours(1)).deleting(true).build().sweep();
    assertThat(young.count(Decision.KEPT_RECENT)).isEqualTo(4);
    assertThat(young.count(Decision.REMOVED)).isZero();
    running.close();
    assertThat(store.readBytes("silver/running.csv")).isEqualTo(bytes("in progress"));

    Clock later = Clock.fixed(Instant.now().plus(Duration.ofHours(2)), ZoneOffset.UTC);
    SweepReport swept =
        OrphanSweeper.builder(store)
            .olderThan(Duration.ofHours(1))
            .keepReferencedBy(store, "chk")
            .clock(later)
            .deleting(true)
            .build()
            .sweep();
    assertThat(decisions(swept))
        .containsOnly(
            Map.entry("silver/.a.csv", Decision.REMOVED),
            Map.entry("silver/.b.csv", Decision.KEPT_REFERENCED),
            Map.entry("silver/.rs-tmp.crashed", Decision.REMOVED));
    assertThat(Files.exists(folder.resolve("silver/.rs-tmp.crashed"))).isFalse();
    assertThat(Files.exists(folder.resolve("silver/.rs-tmp.parked.old"))).isTrue();
    assertThat(leftovers(""))
        .singleElement()
        .satisfies(l -> assertThat(l.key()).startsWith("silver/.b.csv.inprogress."));

    // the referenced upload is resumed and committed; published files were never touched
    RecoverableUploads.Upload resumed = store.recoverableUploads().recover("silver/b.csv", live);
    resumed.write(bytes(" more"), 0, 5);
    store.recoverableUploads().commit("silver/b.csv", resumed.closeForCommit());
    assertThat(store.readBytes("silver/b.csv")).isEqualTo(bytes("referenced more"));
    assertThat(store.readBytes("silver/real.csv")).isEqualTo(bytes("published"));
    assertThat(leftovers("")).isEmpty();
  }

  @Test
  void aChildStoreSeesOnlyItsFolderAndPublishedFilesAreNeverRemoved() throws Exception {
    persisted("silver/a.csv", "x");
    persisted("gold/b.csv", "y");
    store.write("gold/real.csv", bytes("published"), false);
    SweepReport gold =
        OrphanSweeper.builder(store.child("gold"))
            .olderThan(Duration.ZERO)
            .deleting(true)
            .build()
            .sweep();
    assertThat(gold.entries())
        .singleElement()
        .satisfies(e -> assertThat(e.leftover().key()).startsWith(".b.csv.inprogress."))
        .satisfies(e -> assertThat(e.decision()).isEqualTo(Decision.REMOVED));
    assertThat(leftovers("")).hasSize(1);
    LeftoverSupport support = store.unwrap(LeftoverSupport.class).orElseThrow();
    assertThatThrownBy(
            () ->
                support.removeLeftover(
                    new Leftover(
                        "gold/real.csv",
                        LeftoverSupport.KIND_TEMPORARY_FILE,
                        "gold/real.csv",
                        null,
                        9)))
        .isInstanceOf(InvalidPath.class);
    assertThat(store.readBytes("gold/real.csv")).isEqualTo(bytes("published"));
  }
}
