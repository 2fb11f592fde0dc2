package org.remotestore.medallion.bronze;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.remotestore.Registry;
import org.remotestore.RegistryConfig;
import org.remotestore.Store;
import org.remotestore.memory.MemoryBackend;
import org.remotestore.meteoswiss.FeedFile;

/** Copies only what changed (conditional reads), and retries what failed. */
class MetaFilesCopierTest {
  private Registry registry;
  private Store feed;
  private Store lake;

  @BeforeEach
  void stores() throws IOException {
    registry =
        Registry.create(
            RegistryConfig.builder()
                .backend("mem", "memory", Map.of("instance", "meta-copier-test"))
                .store("feed", "mem", "feed")
                .store("lake", "mem", "lake")
                .build());
    feed = registry.store("feed");
    lake = registry.store("lake");
    for (String name : MetaFilesCopier.FILES) {
      feed.write(name, bytes(name + " v1"), true);
    }
  }

  @AfterEach
  void clear() throws Exception {
    registry.close();
    MemoryBackend.clear("meta-copier-test");
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private MetaFilesTarget into(String folder, AtomicBoolean failing) {
    MetaFilesTarget.StoreTarget target =
        new MetaFilesTarget.StoreTarget(lake, folder, "lake/" + folder, null);
    return new MetaFilesTarget() {
      @Override
      public void copy(Store source, String name) throws IOException {
        if (failing.get()) {
          throw new IOException("lake unavailable");
        }
        target.copy(source, name);
      }
    };
  }

  @Test
  void copiesEveryFileOnceThenOnlyChangedOnes() throws IOException {
    MetaFilesCopier copier = new MetaFilesCopier(feed, into("bronze/meta", new AtomicBoolean()));
    assertThat(copier.copyChanged()).containsExactlyElementsOf(MetaFilesCopier.FILES);
    for (String name : MetaFilesCopier.FILES) {
      assertThat(lake.readBytes("bronze/meta/" + name)).isEqualTo(bytes(name + " v1"));
    }
    assertThat(copier.copyChanged()).as("unchanged: 304s, nothing copied").isEmpty();

    feed.write(FeedFile.META_STATIONS, bytes("stations v2, longer"), true);
    assertThat(copier.copyChanged()).containsExactly(FeedFile.META_STATIONS);
    assertThat(lake.readBytes("bronze/meta/" + FeedFile.META_STATIONS))
        .isEqualTo(bytes("stations v2, longer"));
    assertThat(copier.copies()).isEqualTo(4);
  }

  @Test
  void aFailedCopyIsRetriedAtTheNextCall() throws IOException {
    AtomicBoolean failing = new AtomicBoolean(true);
    MetaFilesCopier copier = new MetaFilesCopier(feed, into("meta", failing));
    assertThat(copier.copyChanged()).isEmpty();
    assertThat(copier.failures()).isEqualTo(3);
    assertThat(lake.exists("meta/" + FeedFile.META_PARAMETERS)).isFalse();

    failing.set(false);
    assertThat(copier.copyChanged()).containsExactlyElementsOf(MetaFilesCopier.FILES);
    assertThat(lake.readBytes("meta/" + FeedFile.META_PARAMETERS))
        .isEqualTo(bytes(FeedFile.META_PARAMETERS + " v1"));
  }
}
