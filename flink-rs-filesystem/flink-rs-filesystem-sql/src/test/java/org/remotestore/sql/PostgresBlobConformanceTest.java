package org.remotestore.sql;

import java.util.Map;
import org.remotestore.BackendConfig;
import org.remotestore.DefaultStore;
import org.remotestore.Store;
import org.remotestore.testing.StoreConformanceSuite;
import org.remotestore.testing.sql.PostgresTestServer;

/**
 * The conformance suite on the sql-blob backend over a real PostgreSQL server: one database, fresh
 * tables per test (a database per test made the server's shutdown, and so the test JVM's exit,
 * slow), 64 KiB chunks so that chunked reads, writes, copies and ranged reads are exercised.
 */
class PostgresBlobConformanceTest extends StoreConformanceSuite {
  private static String database;
  private static int tables;
  private SqlBlobBackend backend;

  @Override
  protected Store createStore() throws Exception {
    PostgresTestServer server = PostgresTestServer.shared();
    if (database == null) {
      database = server.newDatabase("conformance");
    }
    String table = "blobs_" + ++tables; // one database, a fresh set of tables per test
    backend =
        new SqlBlobBackend(
            new BackendConfig(
                "pg-conformance",
                "sql-blob",
                server.options(database, Map.of("chunk-size", "64kb", "table", table))));
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
