package org.remotestore.ext;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.GlobalOpenTelemetry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotestore.Registry;
import org.remotestore.RegistryConfig;
import org.remotestore.Store;
import org.remotestore.ext.batch.BatchResult;
import org.remotestore.ext.batch.StoreBatch;
import org.remotestore.ext.cache.CacheConfig;
import org.remotestore.ext.cache.CacheStats;
import org.remotestore.ext.cache.CachingStore;
import org.remotestore.ext.observe.ObservedStore;
import org.remotestore.ext.observe.OpenTelemetryObserver;
import org.remotestore.ext.observe.OperationOutcome;
import org.remotestore.ext.observe.StoreObserver;
import org.remotestore.ext.observe.StoreOperation;
import org.remotestore.ext.partition.HivePartitions;
import org.remotestore.ext.transfer.ExistingPolicy;
import org.remotestore.ext.transfer.Transfer;
import org.remotestore.ext.transfer.TransferResult;

/** The examples of the "Extensions" section of the module README, run as written there. */
class ReadmeExamplesTest {
  @TempDir Path tmp;
  private Registry registry;
  private Store lake;
  private Store archive;

  @BeforeEach
  void setUp() throws IOException {
    // README setup; the memory instance is made unique so that tests do not share data.
    RegistryConfig config =
        RegistryConfig.builder()
            .backend("mem", "memory", Map.of("instance", "readme-" + UUID.randomUUID()))
            .backend("disk", "local", Map.of("root", tmp.resolve("archive").toString()))
            .store("lake", "mem", "lake")
            .store("archive", "disk", "")
            .build();
    registry = Registry.create(config);
    lake = registry.store("lake");
    archive = registry.store("archive");
  }

  @AfterEach
  void tearDown() throws IOException {
    registry.close();
  }

  @Test
  void batch() throws IOException {
    lake.write("tmp/a.csv", new byte[1], false);
    lake.write("tmp/b.csv", new byte[1], false);
    lake.write("bronze/a.csv", new byte[1], false);

    try (StoreBatch batch = StoreBatch.parallel(lake, 8)) {
      BatchResult<Void> deleted =
          batch.batchDelete(List.of("tmp/a.csv", "tmp/b.csv", "tmp/gone.csv"));
      deleted.failures().forEach((path, error) -> System.err.println(path + ": " + error));
      deleted.throwIfFailed(); // BatchException naming the failed paths

      batch.batchCopy(Map.of("bronze/a.csv", "silver/a.csv"), false).throwIfFailed();
      Map<String, Boolean> present =
          batch.batchExists(List.of("silver/a.csv", "gold/x.csv")).values();

      assertThat(deleted.succeeded()).hasSize(3);
      assertThat(present).containsEntry("silver/a.csv", true).containsEntry("gold/x.csv", false);
    }
    assertThat(lake.exists("tmp")).isFalse();
  }

  @Test
  void transfer() throws IOException {
    lake.write("bronze/x/1.csv", "1".getBytes(UTF_8), false);
    lake.write("bronze/2.csv", "2".getBytes(UTF_8), false);
    lake.write("silver/a.csv", "a".getBytes(UTF_8), false);
    Path incoming = Files.createDirectories(tmp.resolve("incoming"));
    Files.writeString(incoming.resolve("new.csv"), "new");
    Path download = tmp.resolve("a.csv");

    Transfer transfer =
        Transfer.builder()
            .existing(ExistingPolicy.SKIP_EXISTING)
            .listener(
                p ->
                    System.out.printf(
                        "%s %d/%d bytes, overall %d/%d%n",
                        p.source(),
                        p.fileBytes(),
                        p.fileTotal(),
                        p.overallBytes(),
                        p.overallTotal()))
            .build();
    TransferResult copied = transfer.copyFolder(lake, "bronze", archive, "bronze-2026");
    copied.throwIfFailed();
    transfer.downloadFile(lake, "silver/a.csv", download);
    transfer.uploadFolder(incoming, lake, "bronze/incoming");

    assertThat(archive.readBytes("bronze-2026/x/1.csv")).isEqualTo("1".getBytes(UTF_8));
    assertThat(Files.readString(tmp.resolve("archive/bronze-2026/2.csv"))).isEqualTo("2");
    assertThat(Files.readString(download)).isEqualTo("a");
    assertThat(lake.readBytes("bronze/incoming/new.csv")).isEqualTo("new".getBytes(UTF_8));
  }

  @Test
  void partition() throws IOException {
    byte[] data = "t,v\n".getBytes(UTF_8);

    LinkedHashMap<String, String> spec = new LinkedHashMap<>();
    spec.put("year", "2026");
    spec.put("month", "03");
    spec.put("station", "BAS/2");
    String folder = HivePartitions.partitionPath(spec); // "year=2026/month=03/station=BAS%2F2/"
    lake.write("silver/" + folder + "part-0.csv", data, false);
    LinkedHashMap<String, String> parsed =
        HivePartitions.parsePartition("silver/year=2026/month=03/station=BAS%2F2/part-0.csv");

    assertThat(folder).isEqualTo("year=2026/month=03/station=BAS%2F2/");
    assertThat(parsed).isEqualTo(spec);
    assertThat(lake.listFiles("silver", true))
        .singleElement()
        .satisfies(f -> assertThat(HivePartitions.parsePartition(f.path())).isEqualTo(spec));
  }

  @Test
  void cache() throws IOException {
    lake.write("gold/stations.csv", "v1".getBytes(UTF_8), false);
    byte[] updated = "v2".getBytes(UTF_8);

    CachingStore cached =
        CachingStore.wrap(
            lake,
            CacheConfig.builder()
                .ttl(Duration.ofMinutes(5))
                .maxEntries(10_000)
                .maxBytes(32L << 20) // content bytes held in total
                .maxEntryBytes(256L << 10) // larger files are always read from the store
                .build());
    byte[] first = cached.readBytes("gold/stations.csv"); // miss: read from the store
    byte[] again = cached.readBytes("gold/stations.csv"); // hit
    cached.write("gold/stations.csv", updated, true); // invalidates
    CacheStats stats = cached.stats(); // hits, misses, evictions, expirations, ...

    assertThat(again).isEqualTo(first);
    assertThat(stats.hits()).isEqualTo(1);
    assertThat(stats.misses()).isEqualTo(1);
    assertThat(cached.readBytes("gold/stations.csv")).isEqualTo(updated);
  }

  @Test
  void observe() throws IOException {
    lake.write("gold/stations.csv", "s".getBytes(UTF_8), false);

    StoreObserver slowCalls =
        new StoreObserver() {
          @Override
          public void after(StoreOperation op, OperationOutcome outcome) {
            if (outcome.duration().toMillis() > 500) {
              System.err.println("slow " + op + ": " + outcome);
            }
          }
        };
    Store observed =
        ObservedStore.wrap(
            lake,
            StoreObserver.composite(
                OpenTelemetryObserver.create(GlobalOpenTelemetry.get()), slowCalls));
    // Decorators compose: cache hits never reach the backend, misses are traced.
    Store fast = CachingStore.wrap(observed, CacheConfig.defaults());
    fast.child("gold").readBytes("stations.csv");

    assertThat(fast.child("gold")).isInstanceOf(CachingStore.class);
    assertThat(fast.readBytes("gold/stations.csv")).isEqualTo("s".getBytes(UTF_8));
  }
}
