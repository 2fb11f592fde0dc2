package org.remotestore.meteoswiss.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.remotestore.Registry;
import org.remotestore.RegistryConfig;
import org.remotestore.Store;
import org.remotestore.memory.MemoryBackend;
import org.remotestore.meteoswiss.FeedFile;
import org.remotestore.meteoswiss.Granularity;
import org.remotestore.meteoswiss.MeasurementRow;
import org.remotestore.meteoswiss.RejectedRow;

/** The store-backed fetcher and the metadata discovery, over the memory backend. */
class StoreFileFetcherTest {
  static final Charset CP1252 = Charset.forName("windows-1252");
  final String instance = "feed-" + UUID.randomUUID();

  /** A store factory handing out the same memory instance for every URL. */
  static FeedStoreFactory memory(String instance) {
    return url -> {
      Registry registry =
          Registry.create(
              RegistryConfig.builder()
                  .backend("mem", "memory", Map.of("instance", instance))
                  .store("feed", "mem", "")
                  .build());
      return new FeedStoreFactory.OpenedStore(registry.store("feed"), registry);
    };
  }

  MeteoSwissSourceConfig config(List<String> columns) {
    return MeteoSwissSource.builder()
        .stations("KLO")
        .columns(columns)
        .storeFactory(memory(instance))
        .buildConfig();
  }

  @AfterEach
  void clear() {
    MemoryBackend.clear(instance);
  }

  void write(String path, String text) throws Exception {
    try (var opened = memory(instance).open("memory://")) {
      opened.store().write(path, text.getBytes(CP1252), true);
    }
  }

  @Test
  void parsesProjectedColumnsSkipsUnchangedBodiesAndFlagsCutBodies() throws Exception {
    String path = FeedFile.now("KLO", Granularity.T).path();
    String header = "station_abbr;reference_timestamp;tre200s0;ure200s0\r\n";
    write(path, header + "KLO;10.03.2026 12:00;4.5;80\r\nKLO;10.03.2026 12:10;4.6;81\r\n");
    MeteoSwissSourceConfig c = config(List.of("tre200s0"));
    try (FileFetcher fetcher = StoreFileFetcher.factory().create(c)) {
      var first = fetcher.fetch(new FileFetcher.FetchRequest(path, null, null, null, null));
      assertThat(first.modified()).isTrue();
      assertThat(first.truncated()).isFalse();
      assertThat(first.lines()).hasSize(2);
      MeasurementRow row = (MeasurementRow) first.lines().get(1);
      assertThat(row.values()).containsOnlyKeys("tre200s0").containsEntry("tre200s0", 4.6);
      assertThat(row.rawLine()).isEqualTo("KLO;10.03.2026 12:10;4.6;81");
      assertThat(row.sourceFile()).isEqualTo(path);

      var again =
          fetcher.fetch(new FileFetcher.FetchRequest(path, null, null, first.sha256(), null));
      assertThat(again.unchanged()).isTrue();
      assertThat(again.lines()).isEmpty();

      write(path, header + "KLO;10.03.2026 12:00;4.5;80\r\nKLO;10.03.2026 12:10;4.");
      var cut = fetcher.fetch(new FileFetcher.FetchRequest(path, null, null, null, null));
      assertThat(cut.truncated()).isTrue();
      assertThat(cut.lines()).hasSize(1);
      var accepted =
          fetcher.fetch(new FileFetcher.FetchRequest(path, null, null, null, cut.sha256()));
      assertThat(accepted.truncated()).isFalse();
      assertThat(accepted.lines()).hasSize(2);
    }
  }

  @Test
  void keepsMalformedLinesAsRejectedRowsInFileOrder() throws Exception {
    String path = FeedFile.now("KLO", Granularity.T).path();
    write(
        path,
        "station_abbr;reference_timestamp;tre200s0\n"
            + "KLO;10.03.2026 12:00;4.5\n"
            + "KLO;99.03.2026 12:10;4.6\n"
            + "KLO;10.03.2026 12:20;x\n"
            + "KLO;10.03.2026 12:30;4.8\n");
    try (FileFetcher fetcher = StoreFileFetcher.factory().create(config(null))) {
      var r = fetcher.fetch(new FileFetcher.FetchRequest(path, null, null, null, null));
      assertThat(r.lines()).hasSize(4);
      assertThat(r.lines().get(1)).isInstanceOf(RejectedRow.class);
      assertThat(r.lines().get(2)).isInstanceOf(RejectedRow.class);
      assertThat(((RejectedRow) r.lines().get(1)).rawLine()).isEqualTo("KLO;99.03.2026 12:10;4.6");
    }
  }

  @Test
  void discoversEveryStationOfTheRealMetadataFile() throws Exception {
    Path real = sharedFile("ogd-smn_meta_stations.csv");
    try (var opened = memory(instance).open("memory://")) {
      Store store = opened.store();
      store.write(FeedFile.META_STATIONS, Files.readAllBytes(real), true);
    }
    MeteoSwissSourceConfig c =
        MeteoSwissSource.builder()
            .discovery(StationDiscovery.METADATA)
            .storeFactory(memory(instance))
            .buildConfig();
    try (StationLister lister = StationListerFactory.standard().create(c)) {
      List<DiscoveredStation> stations = lister.list();
      assertThat(stations).hasSize(157);
      assertThat(stations).extracting(DiscoveredStation::code).contains("BER", "KLO", "SMA");
    }
  }

  static Path sharedFile(String name) {
    Path dir = Paths.get("").toAbsolutePath();
    while (dir != null) {
      Path candidate = dir.resolve("shared/data/meteoswiss").resolve(name);
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
      dir = dir.getParent();
    }
    Assumptions.assumeTrue(false, "shared/data/meteoswiss/" + name + " not found; skipping");
    return null;
  }
}
