package org.remotestore.ext.integrity;

import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;
import org.remotestore.DefaultStore;
import org.remotestore.Store;
import org.remotestore.local.LocalBackend;
import org.remotestore.memory.MemoryBackend;
import org.remotestore.testing.ext.IntegritySuite;

/** The integrity cases on the memory and local backends (S3Proxy and Azurite: their modules). */
class IntegrityTest {

  @Nested
  class Memory extends IntegritySuite {
    @Override
    protected Store createStore() throws Exception {
      return new DefaultStore(new MemoryBackend("mem", "integrity-" + UUID.randomUUID()), "root");
    }

    @Override
    protected boolean reportsMd5ForSmallFiles() {
      return true;
    }
  }

  @Nested
  class Local extends IntegritySuite {
    @TempDir Path dir;

    @Override
    protected Store createStore() throws Exception {
      return new DefaultStore(new LocalBackend("disk", dir, false), "root");
    }

    @Override
    protected boolean reportsMd5ForSmallFiles() {
      return false;
    }
  }
}
