package org.remotestore.sql;

import java.util.Map;
import org.remotestore.BackendConfig;
import org.remotestore.DefaultStore;
import org.remotestore.Store;
import org.remotestore.testing.StoreConformanceSuite;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;

/**
 * The same conformance suite on sql-blob over the official {@code postgres} image, where a Docker
 * engine exists; skipped (not failed) without one. One database, fresh tables per test, 64 KiB
 * chunks, password authentication (the embedded server of {@link PostgresBlobConformanceTest}
 * trusts every local login).
 */
@Testcontainers(disabledWithoutDocker = true)
class PostgresContainerBlobConformanceTest extends StoreConformanceSuite {
  private static final String PASSWORD = "rs-container-pass";

  @Container
  private static final GenericContainer<?> POSTGRES =
      new GenericContainer<>(DockerImageName.parse("postgres:16-alpine"))
          .withEnv("POSTGRES_PASSWORD", PASSWORD)
          .withEnv("POSTGRES_DB", "lake")
          .withExposedPorts(5432)
          // the image starts the server twice (init, then for real)
          .waitingFor(Wait.forLogMessage(".*database system is ready to accept connections.*", 2));

  private static int tables;
  private SqlBlobBackend backend;

  @Override
  protected Store createStore() throws Exception {
    String url =
        "jdbc:postgresql://" + POSTGRES.getHost() + ":" + POSTGRES.getMappedPort(5432) + "/lake";
    backend =
        new SqlBlobBackend(
            new BackendConfig(
                "pg-container",
                "sql-blob",
                Map.of(
                    "url",
                    url,
                    "user",
                    "postgres",
                    "password",
                    PASSWORD,
                    "chunk-size",
                    "64kb",
                    "table",
                    "blobs_" + ++tables)));
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
