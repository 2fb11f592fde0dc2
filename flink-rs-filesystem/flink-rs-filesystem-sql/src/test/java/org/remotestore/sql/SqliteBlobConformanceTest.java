package org.remotestore.sql;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.remotestore.BackendConfig;
import org.remotestore.DefaultStore;
import org.remotestore.Store;
import org.remotestore.testing.StoreConformanceSuite;

/**
 * The conformance suite on the sql-blob backend over SQLite (WAL mode): a fresh database file per
 * test, 64 KiB chunks.
 */
class SqliteBlobConformanceTest extends StoreConformanceSuite {
  @TempDir Path folder;
  private SqlBlobBackend backend;

  @Override
  protected Store createStore() throws Exception {
    Path file = Files.createTempFile(folder, "blobs", ".db");
    backend =
        new SqlBlobBackend(
            new BackendConfig(
                "sqlite-conformance",
                "sql-blob",
                Map.of("url", "jdbc:sqlite:" + file, "chunk-size", "64kb")));
    return new DefaultStore(backend, "root/of/store");
  }

  @Override
  protected void destroyStore(Store store) {
    backend.close();
  }

  @Override
  protected long largeStreamBytes() {
    return 24L << 20;
  }
}
