package org.remotestore.ext.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotestore.DefaultStore;
import org.remotestore.InvalidPath;
import org.remotestore.RecoverableUploads;
import org.remotestore.RemoteStoreException;
import org.remotestore.Store;
import org.remotestore.ext.sweep.SweepReport.Decision;
import org.remotestore.local.LocalBackend;
import org.remotestore.memory.MemoryBackend;
import org.remotestore.spi.Leftover;
import org.remotestore.spi.LeftoverSupport;

/** The sweeper over a local store: staging and temporary files, ages, live checkpoints, scope. */
class LocalLeftoversTest {
  @TempDir Path tmp;
  private Path rootDir;
  private Store store;

  @BeforeEach
  void setUp() throws Exception {
    rootDir = tmp.resolve("disk");
    store = new DefaultStore(new LocalBackend("disk", rootDir, false), "lake", "lake");
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private byte[] persisted(String path, String content) throws Exception {
    RecoverableUploads.Upload upload = store.recoverableUploads().create(path);
    upload.write(bytes(content), 0, content.length());
    byte[] state = upload.persist();
    upload.close(); // a crash after the persist: the staging file stays
    return state;
  }

  private void age(String storePath, Instant mtime) throws Exception {
    Files.setLastModifiedTime(rootDir.resolve("lake").resolve(storePath), FileTime.from(mtime));
  }

  private Map<String, Decision> decisions(SweepReport report) {
    return report.entries().stream()
        .collect(
            Collectors.toMap(
                e -> e.leftover().key().replaceAll("\\.inprogress\\..*", ""), e -> e.decision()));
  }

  @Test
  void keepsWhatTheLatestCheckpointReferencesAndRemovesTheRestAfterTheAge() throws Exception {
    Instant now = Instant.now().plus(Duration.ofHours(2));
    Clock clock = Clock.fixed(now, ZoneOffset.UTC);
    persisted("silver/a.csv", "abandoned");
    byte[] live = persisted("silver/b.csv", "referenced");
    persisted("silver/c.csv", "young");
    store.write("silver/real.csv", bytes("published"), false);
    Files.write(rootDir.resolve("lake/silver/.rs-tmp.crashed"), bytes("half"));
    List<Leftover> found = store.unwrap(LeftoverSupport.class).orElseThrow().listLeftovers("");
    String young =
        found.stream().filter(l -> l.key().startsWith("silver/.c.csv")).findFirst().get().key();
    age(young, now.minus(Duration.ofMinutes(30)));
    // job j1: chk-2 is older, chk-4 is not complete (no _metadata); chk-3 holds b's state in a
    // state file next to its _metadata
    store.write("chk/j1/chk-2/_metadata", bytes("old"), false);
    store.write("chk/j1/chk-3/_metadata", bytes("metadata"), false);
    ByteArrayOutputStream state = new ByteArrayOutputStream();
    state.write(bytes("operator state before "));
    state.write(live);
    state.write(bytes(" and after"));
    store.write("chk/j1/chk-3/op-1", state.toByteArray(), false);
    store.write("chk/j1/chk-4/op-1", bytes("in progress"), false);

    OrphanSweeper.Builder sweeper =
        OrphanSweeper.builder(store)
            .olderThan(Duration.ofHours(1))
            .keepReferencedBy(store, "chk")
            .clock(clock);
    SweepReport dry = sweeper.build().sweep();
    assertThat(dry.checkpoints()).containsExactly("lake:chk/j1/chk-3");
    assertThat(decisions(dry))
        .containsOnly(
            Map.entry("silver/.a.csv", Decision.WOULD_REMOVE),
            Map.entry("silver/.b.csv", Decision.KEPT_REFERENCED),
            Map.entry("silver/.c.csv", Decision.KEPT_RECENT),
            Map.entry("silver/.rs-tmp.crashed", Decision.WOULD_REMOVE));
    assertThat(dry.toTable()).contains("would_remove", "kept_referenced", "lake:chk/j1/chk-3");
    assertThat(store.unwrap(LeftoverSupport.class).orElseThrow().listLeftovers("")).hasSize(4);

    SweepReport swept = sweeper.deleting(true).build().sweep();
    assertThat(decisions(swept))
        .containsOnly(
            Map.entry("silver/.a.csv", Decision.REMOVED),
            Map.entry("silver/.b.csv", Decision.KEPT_REFERENCED),
            Map.entry("silver/.c.csv", Decision.KEPT_RECENT),
            Map.entry("silver/.rs-tmp.crashed", Decision.REMOVED));
    assertThat(store.listFiles("silver").stream().map(f -> f.path()))
        .noneMatch(p -> p.startsWith("silver/.a.csv"))
        .anyMatch(p -> p.startsWith("silver/.b.csv"))
        .contains("silver/real.csv");
    assertThat(Files.exists(rootDir.resolve("lake/silver/.rs-tmp.crashed"))).isFalse();

    // the referenced upload can still be resumed and committed
    RecoverableUploads.Upload resumed = store.recoverableUploads().recover("silver/b.csv", live);
    resumed.write(bytes(" more"), 0, 5);
    store.recoverableUploads().commit("silver/b.csv", resumed.closeForCommit());
    assertThat(store.readBytes("silver/b.csv")).isEqualTo(bytes("referenced more"));

    // with age 0 and no checkpoint, the young one goes too; published files never
    SweepReport all =
        OrphanSweeper.builder(store)
            .olderThan(Duration.ZERO)
            .clock(clock)
            .deleting(true)
            .build()
            .sweep();
    assertThat(all.count(Decision.REMOVED)).isEqualTo(1);
    assertThat(store.unwrap(LeftoverSupport.class).orElseThrow().listLeftovers("")).isEmpty();
    assertThat(store.readBytes("silver/real.csv")).isEqualTo(bytes("published"));
  }

  @Test
  void aChildStoreAndAPrefixSeeOnlyTheirFolder() throws Exception {
    persisted("silver/a.csv", "x");
    persisted("gold/b.csv", "y");
    SweepReport silver =
        OrphanSweeper.builder(store).prefix("silver").olderThan(Duration.ZERO).build().sweep();
    assertThat(silver.entries())
        .singleElement()
        .satisfies(e -> assertThat(e.leftover().key()).startsWith("silver/.a.csv.inprogress."));
    SweepReport gold =
        OrphanSweeper.builder(store.child("gold")).olderThan(Duration.ZERO).build().sweep();
    assertThat(gold.entries())
        .singleElement()
        .satisfies(e -> assertThat(e.leftover().key()).startsWith(".b.csv.inprogress."));
    assertThatThrownBy(() -> OrphanSweeper.builder(store).prefix("../x"))
        .isInstanceOf(InvalidPath.class);
  }

  @Test
  void refusesToRemoveWhatIsNotALeftover() throws Exception {
    store.write("silver/real.csv", bytes("published"), false);
    LeftoverSupport support = store.unwrap(LeftoverSupport.class).orElseThrow();
    Leftover fake =
        new Leftover(
            "silver/real.csv", LeftoverSupport.KIND_STAGING_FILE, "lake/silver/real.csv", null, 9);
    assertThatThrownBy(() -> support.removeLeftover(fake))
        .isInstanceOf(InvalidPath.class)
        .hasMessageContaining("silver/real.csv");
    assertThat(store.readBytes("silver/real.csv")).isEqualTo(bytes("published"));
  }

  @Test
  void clearErrorsForAMissingCheckpointDirectoryABadAgeAndAStoreWithoutLeftovers()
      throws Exception {
    assertThatThrownBy(
            () -> OrphanSweeper.builder(store).keepReferencedBy(store, "nope").build().sweep())
        .isInstanceOf(RemoteStoreException.class)
        .hasMessageContaining("nope")
        .hasMessageContaining("'lake'");
    assertThat(OrphanSweeper.parseAge("24h")).isEqualTo(Duration.ofHours(24));
    assertThat(OrphanSweeper.parseAge("90m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(OrphanSweeper.parseAge("PT2H")).isEqualTo(Duration.ofHours(2));
    assertThat(OrphanSweeper.parseAge("0")).isEqualTo(Duration.ZERO);
    assertThatThrownBy(() -> OrphanSweeper.parseAge("soon")).hasMessageContaining("'soon'");
    Store memory = new DefaultStore(new MemoryBackend("mem", "sweep-test"), "m", "");
    assertThatThrownBy(() -> OrphanSweeper.builder(memory).build().sweep())
        .isInstanceOf(RemoteStoreException.class)
        .hasMessageContaining("store 'm'")
        .hasMessageContaining("memory");
  }

  @Test
  void findsIdsAcrossChunkBoundariesAndInModifiedUtf8() throws Exception {
    byte[] big = new byte[(1 << 20) * 2 + 100];
    byte[] straddling = bytes("upload-id-across-the-boundary");
    System.arraycopy(straddling, 0, big, (1 << 20) - 7, straddling.length);
    byte[] nul = java.util.Arrays.copyOfRange(CheckpointReferences.encodings("a\0b")[1], 0, 4);
    System.arraycopy(nul, 0, big, big.length - 10, nul.length);
    store.write("chk/chk-1/_metadata", big, false);
    Map<String, String> found =
        CheckpointReferences.referenced(
            store,
            List.of(List.of("chk/chk-1")),
            List.of("upload-id-across-the-boundary", "a\0b", "not-there"));
    assertThat(found)
        .containsOnly(
            Map.entry("upload-id-across-the-boundary", "chk/chk-1"),
            Map.entry("a\0b", "chk/chk-1"));
    assertThat(CheckpointReferences.encodings("abc")).hasNumberOfRows(1);
    assertThat(CheckpointReferences.latestCompleted(store, "chk"))
        .containsExactly(List.of("chk/chk-1"));
    assertThat(CheckpointReferences.latestCompleted(store, "chk/chk-1"))
        .containsExactly(List.of("chk/chk-1"));
  }

  @Test
  void decoratedStoresForwardTheFacetAndKeepTheirPromises() throws Exception {
    persisted("silver/a.csv", "x");
    List<String> operations = new java.util.concurrent.CopyOnWriteArrayList<>();
    org.remotestore.ext.observe.StoreObserver observer =
        new org.remotestore.ext.observe.StoreObserver() {
          @Override
          public void before(org.remotestore.ext.observe.StoreOperation op) {
            operations.add(op.operation());
          }
        };
    org.remotestore.ext.cache.CachingStore cached =
        org.remotestore.ext.cache.CachingStore.wrap(
            org.remotestore.ext.retry.RetryingStore.wrap(
                store, org.remotestore.ext.retry.RetryPolicy.builder().maxAttempts(3).build()),
            org.remotestore.ext.cache.CacheConfig.builder().build());
    Store decorated = org.remotestore.ext.observe.ObservedStore.wrap(cached, observer);
    String staging = store.listFiles("silver").get(0).path();
    assertThat(decorated.exists(staging)).isTrue(); // now cached
    SweepReport report =
        OrphanSweeper.builder(decorated).olderThan(Duration.ZERO).deleting(true).build().sweep();
    assertThat(report.count(Decision.REMOVED)).isEqualTo(1);
    assertThat(operations).contains("listLeftovers", "removeLeftover");
    assertThat(decorated.exists(staging)).isFalse(); // the cache forgot it
  }

  @Test
  void withEntropyInjectionTheStateFilesOfTheLatestCheckpointAreReadToo() throws Exception {
    byte[] live = persisted("silver/b.csv", "referenced");
    persisted("silver/a.csv", "abandoned");
    // entropy injection: _metadata in chk/<job>/chk-<n>, state files in chk/<entropy>/<job>/chk-<n>
    store.write("chk/j1/chk-5/_metadata", bytes("metadata"), false);
    store.write("chk/x7k2/j1/chk-5/op-1", live, false);
    store.write("chk/x7k2/j1/chk-4/op-1", bytes("older"), false);
    store.write("chk/j1/chk-4/_metadata", bytes("older"), false);
    assertThat(CheckpointReferences.latestCompleted(store, "chk"))
        .containsExactly(List.of("chk/j1/chk-5", "chk/x7k2/j1/chk-5"));
    SweepReport report =
        OrphanSweeper.builder(store)
            .olderThan(Duration.ZERO)
            .keepReferencedBy(store, "chk")
            .deleting(true)
            .build()
            .sweep();
    assertThat(decisions(report))
        .containsOnly(
            Map.entry("silver/.a.csv", Decision.REMOVED),
            Map.entry("silver/.b.csv", Decision.KEPT_REFERENCED));
    assertThat(report.checkpoints()).containsExactly("lake:chk/j1/chk-5");
  }
}
