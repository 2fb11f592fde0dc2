package org.remotestore.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotestore.Registry;
import org.remotestore.RegistryConfig;
import org.remotestore.Store;

/** Runs the example of this module's README. */
class SqlReadmeExampleTest {
  @TempDir Path folder;

  @Test
  void readmeExample() throws Exception {
    String listing;
    Map<String, String> keys =
        Map.of(
            "rs.backends.db.type", "sql-blob",
            "rs.backends.db.url", "jdbc:sqlite:" + folder.resolve("lake.db"),
            "rs.backends.db.max-blob-size", "64mb",
            "rs.stores.lake.backend", "db",
            "rs.backends.reports.type", "sql-query",
            "rs.backends.reports.url", "jdbc:sqlite:" + folder.resolve("lake.db"),
            "rs.backends.reports.queries.files.csv", "SELECT key, size FROM rs_blobs ORDER BY key",
            "rs.stores.reports.backend", "reports");
    try (Registry registry = Registry.create(RegistryConfig.fromFlatKeys(keys))) {
      Store lake = registry.store("lake");
      lake.write("bronze/BER.csv", "station,t\nBER,4.2\n".getBytes(StandardCharsets.UTF_8), false);
      lake.copy("bronze/BER.csv", "silver/BER.csv", false); // INSERT ... SELECT, one transaction
      listing =
          new String(registry.store("reports").readBytes("files.csv"), StandardCharsets.UTF_8);
      System.out.print(listing); // key,size / bronze/BER.csv,18 / silver/BER.csv,18
    }
    assertThat(listing).isEqualTo("key,size\nbronze/BER.csv,18\nsilver/BER.csv,18\n");
  }
}
