package org.remotestore.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.remotestore.DefaultStore;
import org.remotestore.Store;
import org.remotestore.testing.StoreConformanceSuite;

class LocalStoreConformanceTest extends StoreConformanceSuite {
  @TempDir Path dir;

  @Override
  protected Store createStore() throws Exception {
    return new DefaultStore(new LocalBackend("disk", dir.resolve("root"), false), "store/root");
  }

  @Override
  protected void destroyStore(Store store) throws Exception {
    // Whatever a test did, no temporary file may be left behind.
    try (Stream<Path> all = Files.walk(dir)) {
      assertThat(all.map(p -> p.getFileName().toString()))
          .noneMatch(n -> n.startsWith(LocalBackend.TEMP_PREFIX));
    }
  }
}
