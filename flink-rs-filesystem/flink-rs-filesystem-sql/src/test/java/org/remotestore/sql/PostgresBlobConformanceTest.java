package org.remotestore.sql;

import java.util.Map;
import org.remotestore.BackendConfig;
import org.remotestore.DefaultStore;
import org.remotestore.Store;
import org.remotestore.testing.StoreConformanceSuite;
import org.remotestore.testing.sql.PostgresTestServer;

/**
 * The conformance suite on the sql-blob backend over a real PostgreSQL server: a fresh database per
 * test, 64 KiB chunks so that chunked reads, writes, copies and ranged reads are exercised.
 */
class PostgresBlobConformanceTest extends StoreConformanceSuite {
  private SqlBlobBackend backend;

  @Override
  protected Store createStore() throws Exception {
    PostgresTestServer server = PostgresTestServer.shared();
    String db = server.newDatabase("conformance");
    backend =
        new SqlBlobBackend(
            new BackendConfig(
                "pg-conformance", "sql-blob", server.options(db, Map.of("chunk-size", "64kb"))));
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
