package org.remotestore.ext.glob;

import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;
import org.remotestore.DefaultStore;
import org.remotestore.Store;
import org.remotestore.local.LocalBackend;
import org.remotestore.memory.MemoryBackend;
import org.remotestore.testing.ext.GlobSuite;

/**
 * The glob cases on the memory (an object store: prefix listing) and local (a file system: a pruned
 * walk) backends; S3Proxy, Azurite and {@code rs://}: their modules.
 */
class GlobTest {

  @Nested
  class Memory extends GlobSuite {
    @Override
    protected Store createStore() throws Exception {
      return new DefaultStore(new MemoryBackend("mem", "glob-" + UUID.randomUUID()), "root");
    }
  }

  @Nested
  class Local extends GlobSuite {
    @TempDir Path dir;

    @Override
    protected Store createStore() throws Exception {
      return new DefaultStore(new LocalBackend("disk", dir, false), "root");
    }
  }
}
