package org.remotestore.bench;

import java.net.URI;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.Path;
import org.remotestore.testing.sql.PostgresTestServer;

/**
 * {@code rs://} over the sql-blob backend on PostgreSQL (the embedded server of the sql module's
 * test-jar, on loopback) and on SQLite (the driver jar dropped next to the plugin, as users do),
 * next to {@code rs://} on the local disk, all from the plugin jar: a large object written and
 * read, ranged footer reads, and small files created, listed and read. Sizes: {@code
 * -Dbench.sql.big.mib} (default 256) and {@code -Dbench.sql.small} (default 1000).
 */
final class SqlBench {
  private final BenchContext ctx;

  SqlBench(BenchContext ctx) {
    this.ctx = ctx;
  }

  void run() throws Exception {
    java.nio.file.Path work = ctx.workDir("sql");
    Map<String, S3Bench.Ops> contenders = new LinkedHashMap<>();

    Configuration local = new Configuration();
    local.setString("rs.backends.disk.type", "local");
    local.setString("rs.backends.disk.root", work.resolve("local").toString());
    local.setString("rs.stores.sqlbenchlocal.backend", "disk");
    contenders.put("rs-local", flinkOps(ctx.rsPlugin(), local, "sqlbenchlocal"));

    PostgresTestServer pg = PostgresTestServer.shared();
    Configuration postgres = new Configuration();
    postgres.setString("rs.backends.pg.type", "sql-blob");
    postgres.setString("rs.backends.pg.url", pg.url(pg.newDatabase("bench")));
    postgres.setString("rs.backends.pg.user", "postgres");
    postgres.setString("rs.stores.sqlbenchpg.backend", "pg");
    contenders.put("rs-sql-blob postgresql", flinkOps(ctx.rsPlugin(), postgres, "sqlbenchpg"));

    // a plugin folder with the plugin jar and the SQLite driver next to it
    java.nio.file.Path sqlitePlugins = work.resolve("plugins-sqlite");
    java.nio.file.Path rs = Files.createDirectories(sqlitePlugins.resolve("rs"));
    try (var jars = Files.list(ctx.rsPlugin())) {
      for (java.nio.file.Path jar : jars.toList()) {
        Files.copy(jar, rs.resolve(jar.getFileName()));
      }
    }
    java.nio.file.Path driver =
        java.nio.file.Path.of(
            Class.forName("org.sqlite.JDBC")
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
    Files.copy(driver, rs.resolve(driver.getFileName()));
    Configuration sqlite = new Configuration();
    sqlite.setString("rs.backends.lite.type", "sql-blob");
    sqlite.setString("rs.backends.lite.url", "jdbc:sqlite:" + work.resolve("bench.db"));
    sqlite.setString("rs.stores.sqlbenchlite.backend", "lite");
    contenders.put("rs-sql-blob sqlite", flinkOps(rs, sqlite, "sqlbenchlite"));

    // the shared suite reads its small-object count from bench.s3.small: set it for this group only
    String s3Small = System.getProperty("bench.s3.small");
    System.setProperty(
        "bench.s3.small", Integer.toString(Integer.getInteger("bench.sql.small", 1000)));
    try {
      S3Bench.objectStoreSuite(
          ctx,
          "sql",
          contenders,
          ctx.scaled(Long.getLong("bench.sql.big.mib", 256) * Workloads.MIB));
    } finally {
      if (s3Small == null) {
        System.clearProperty("bench.s3.small");
      } else {
        System.setProperty("bench.s3.small", s3Small);
      }
    }
  }

  private static S3Bench.FlinkOps flinkOps(
      java.nio.file.Path plugin, Configuration conf, String store) throws Exception {
    return new S3Bench.FlinkOps(
        PluginFileSystems.load(plugin, conf, URI.create("rs://" + store + "/")),
        new Path("rs://" + store + "/"));
  }
}
