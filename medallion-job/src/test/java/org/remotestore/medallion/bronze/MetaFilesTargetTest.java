package org.remotestore.medallion.bronze;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotestore.Registry;
import org.remotestore.RegistryConfig;
import org.remotestore.Store;
import org.remotestore.flink.RsFileSystems;
import org.remotestore.memory.MemoryBackend;

/**
 * The Flink file system target on a file system whose rename replaces ({@code file://}) and on one
 * whose rename refuses an existing target ({@code rs://}): the newest copy wins, nothing else is
 * left in the folder.
 */
class MetaFilesTargetTest {
  private static final String INSTANCE = "meta-target-test";

  @TempDir java.nio.file.Path tmp;

  private Registry registry;
  private Store feed;

  @BeforeEach
  void stores() {
    registry =
        Registry.create(
            RegistryConfig.builder()
                .backend("mem", "memory", Map.of("instance", INSTANCE))
                .store("feed", "mem", "feed")
                .store("lake", "mem", "lake")
                .build());
    feed = registry.store("feed");
    Configuration conf = new Configuration();
    conf.setString("rs.backends.mem.type", "memory");
    conf.setString("rs.backends.mem.instance", INSTANCE);
    conf.setString("rs.stores.lake.backend", "mem");
    conf.setString("rs.stores.lake.root-path", "lake");
    RsFileSystems.initialize(conf);
  }

  @AfterEach
  void clear() throws Exception {
    RsFileSystems.initialize(new Configuration());
    registry.close();
    MemoryBackend.clear(INSTANCE);
  }

  @Test
  void replacesEarlierCopyOnLocalDisk() throws Exception {
    java.nio.file.Path folder = tmp.resolve("meta");
    try (MetaFilesTarget target = MetaFilesTarget.of(new Path(folder.toUri()))) {
      feed.write("stations.csv", bytes("v1"), true);
      target.copy(feed, "stations.csv");
      feed.write("stations.csv", bytes("v2, longer"), true);
      target.copy(feed, "stations.csv");
    }
    assertThat(Files.readString(folder.resolve("stations.csv"))).isEqualTo("v2, longer");
    try (Stream<java.nio.file.Path> files = Files.list(folder)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("stations.csv");
    }
  }

  @Test
  void replacesEarlierCopyOnRsWhoseRenameRefusesAnExistingTarget() throws Exception {
    Store lake = registry.store("lake");
    try (MetaFilesTarget target = MetaFilesTarget.of(new Path("rs://lake/bronze/meta"))) {
      feed.write("parameters.csv", bytes("v1"), true);
      target.copy(feed, "parameters.csv");
      assertThat(lake.readBytes("bronze/meta/parameters.csv")).isEqualTo(bytes("v1"));
      feed.write("parameters.csv", bytes("v2, longer"), true);
      target.copy(feed, "parameters.csv");
    }
    assertThat(lake.readBytes("bronze/meta/parameters.csv")).isEqualTo(bytes("v2, longer"));
    assertThat(lake.listFiles("bronze/meta", true))
        .extracting(f -> f.path())
        .containsExactly("bronze/meta/parameters.csv");
  }

  @Test
  void storeTargetCopiesIntoTheCallersStore() throws Exception {
    Store lake = registry.store("lake");
    feed.write("inventory.csv", bytes("v1"), true);
    try (MetaFilesTarget target = MetaFilesTarget.of(lake, "meta")) {
      target.copy(feed, "inventory.csv");
    }
    assertThat(lake.readBytes("meta/inventory.csv")).isEqualTo(bytes("v1"));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
