package org.remotestore.medallion;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotestore.Registry;
import org.remotestore.RegistryConfig;
import org.remotestore.flink.RsFileSystems;
import org.remotestore.flink.RsMiniCluster;
import org.remotestore.medallion.config.MedallionConfig;
import org.remotestore.memory.MemoryBackend;
import org.remotestore.meteoswiss.FeedFile;
import org.remotestore.meteoswiss.Granularity;
import org.remotestore.meteoswiss.MeasurementRow;
import org.remotestore.meteoswiss.replay.MeteoSwissReplayServer;

/**
 * With {@code feed.bounded: true} the job reads each file once, copies the metadata files once and
 * finishes by itself, with everything committed.
 */
class MedallionBoundedJobTest {
  private static final String INSTANCE = "medallion-bounded";
  @TempDir static Path tmp;
  private static Map<String, String> rsKeys;

  @BeforeAll
  static void configureRs() {
    rsKeys = new TreeMap<>();
    rsKeys.put("rs.backends.mem.type", "memory");
    rsKeys.put("rs.backends.mem.instance", INSTANCE);
    rsKeys.put("rs.stores.lake.backend", "mem");
    Configuration conf = new Configuration();
    rsKeys.forEach(conf::setString);
    RsFileSystems.initialize(conf);
  }

  @AfterAll
  static void reset() {
    RsFileSystems.initialize(new Configuration());
    MemoryBackend.clear(INSTANCE);
  }

  @Test
  void aBoundedRunReadsEveryFileOnceAndFinishes() throws Exception {
    Instant start = Instant.parse("2026-06-15T09:05:00Z");
    try (MeteoSwissReplayServer replay =
            MeteoSwissReplayServer.builder().start(start).stations("GVE", "LUG").build().start();
        Registry registry = Registry.create(RegistryConfig.fromFlatKeys(rsKeys))) {
      MedallionConfig cfg =
          MedallionConfig.builder()
              .stations(List.of("GVE", "LUG"))
              .feedBaseUrl(replay.dataRoot().toString())
              .bounded(true)
              .checkpointInterval(java.time.Duration.ofMillis(500))
              .parallelism(2)
              .rsKeys(rsKeys)
              .build();
      StreamExecutionEnvironment env = RsMiniCluster.environment(new Configuration(), 2);
      MedallionPipeline.build(env, cfg);
      env.execute("medallion bounded"); // returns only because every source ends

      LakeFiles lake = new LakeFiles(registry.store("lake"), tmp);
      Instant from = start.truncatedTo(ChronoUnit.DAYS).minus(12, ChronoUnit.HOURS);
      long expectedValues = 0;
      List<String> expectedTimestamps = new ArrayList<>();
      for (String station : List.of("GVE", "LUG")) {
        for (MeasurementRow r :
            replay.feed().publishedRows(station, Granularity.T, from, start.plusSeconds(1))) {
          expectedValues += r.values().size();
          expectedTimestamps.add(station + "|" + r.referenceTimestamp());
        }
      }
      List<LakeFiles.SilverRow> silver = lake.silverRows();
      assertThat(silver).hasSize((int) expectedValues);
      assertThat(silver).allMatch(r -> r.revision() == 0);
      assertThat(
              silver.stream().map(r -> r.stationAbbr() + "|" + r.referenceTimestamp()).distinct())
          .containsExactlyInAnyOrderElementsOf(expectedTimestamps);
      assertThat(lake.csvLines("bronze/rows", new ArrayList<>()))
          .hasSize(expectedTimestamps.size());
      assertThat(lake.bytes("bronze/meta/" + FeedFile.META_STATIONS)).isNotEmpty();
      assertThat(lake.tableRows("gold/daily_summary"))
          .as("the end of input closes every day")
          .isNotEmpty();
    }
  }
}
