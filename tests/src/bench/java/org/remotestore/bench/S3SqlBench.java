package org.remotestore.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;
import org.remotestore.medallion.sql.LakeSql;
import org.remotestore.testing.s3.S3ProxyServer;
import org.remotestore.testing.s3.S3TestEndpoint;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The read workload users run on the lake: Flink SQL over the silver lake on S3Proxy. The silver
 * table of {@code medallion-job/sql/tables.sql} (the filesystem connector, Parquet, partitioned by
 * station and day) is scanned with a filter and a {@code GROUP BY} through {@code rs://} and
 * through Flink's three S3 plugins, all reading the same objects of one bucket. The lake is written
 * once by the silver sink ({@link JobBench#silverSinkRun}, {@code -Dbench.s3sql.rows}, default 400
 * 000 rows) to local disk and uploaded as is; every contender must return the same rows.
 */
final class S3SqlBench {
  static final String QUERY =
      // the mean rounded: a sum of doubles depends on the order in which the splits are read
      "SELECT station_abbr, `parameter`, COUNT(*) AS n, ROUND(AVG(`value`), 6) AS mean,"
          + " MAX(`value`) AS top"
          + " FROM silver WHERE `value` >= 10 AND `parameter` IN ('tre200s0', 'rre150z0',"
          + " 'ure200s0') GROUP BY station_abbr, `parameter`";

  private final BenchContext ctx;

  S3SqlBench(BenchContext ctx) {
    this.ctx = ctx;
  }

  void run() throws Exception {
    java.nio.file.Path work = ctx.workDir("s3-sql");
    long rows =
        Math.max(10_000, Math.round(Long.getLong("bench.s3sql.rows", 400_000) * ctx.scale()));
    java.nio.file.Path local = work.resolve("lake");
    JobBench.silverSinkRun(JobBench.Contender.flinkFile(local), "silver", rows);
    String tables = Files.readString(tablesSql(), StandardCharsets.UTF_8);

    try (S3ProxyServer proxy = S3ProxyServer.startOnDisk(work.resolve("s3proxy"))) {
      S3TestEndpoint server = proxy.endpoint();
      String bucket = server.createBucket("lake");
      int files;
      try (S3Client s3 = server.newClient()) {
        files = upload(s3, bucket, local);
      }
      System.out.printf("  s3-sql   %d rows of silver in %d Parquet files%n", rows, files);

      List<JobBench.Contender> contenders =
          S3JobsBench.contenders(ctx, server, bucket, peer -> bucket);

      Interleaved scan =
          new Interleaved(
              "s3-sql",
              "Flink SQL over silver (" + files + " Parquet files): filter + GROUP BY",
              rows,
              "rows");
      String[] expected = {null};
      for (JobBench.Contender c : contenders) {
        scan.add(
            c.name(),
            warm -> {
              List<String> got = new ArrayList<>();
              double seconds = Interleaved.time(() -> got.addAll(query(c, tables)));
              Workloads.check(!got.isEmpty(), c.name() + ": the query returned no rows");
              String result = String.join("\n", got);
              if (expected[0] == null) {
                expected[0] = result;
              }
              Workloads.check(
                  expected[0].equals(result),
                  c.name()
                      + ": different rows than the first contender: "
                      + result.replace('\n', ' '));
              return seconds;
            });
      }
      scan.runInto(ctx, 1, ctx.rounds());
    }
  }

  /** Runs the silver DDL of tables.sql with the lake at {@code c.base()}, then the query. */
  static List<String> query(JobBench.Contender c, String tables) throws Exception {
    c.install();
    Configuration conf = new Configuration(c.conf());
    // the planner's statistics read every footer through Hadoop's FileSystem, which knows neither
    // rs:// nor s3:// here; each contender would log the failure and go on without statistics
    conf.setString("table.optimizer.source.report-statistics-enabled", "false");
    StreamExecutionEnvironment env = org.remotestore.flink.RsMiniCluster.environment(conf, 2);
    env.setRuntimeMode(RuntimeExecutionMode.BATCH);
    StreamTableEnvironment tableEnv =
        StreamTableEnvironment.create(env, EnvironmentSettings.inBatchMode());
    LakeSql.run(tableEnv, tables.replace("rs://lake/", c.base()));
    List<String> rows = new ArrayList<>();
    for (Row row : LakeSql.execute(tableEnv, QUERY).rows()) {
      rows.add(row.toString());
    }
    rows.sort(null);
    return rows;
  }

  /** Uploads the visible files below {@code lake} with their relative keys; returns the count. */
  private static int upload(S3Client s3, String bucket, java.nio.file.Path lake) throws Exception {
    int files = 0;
    try (Stream<java.nio.file.Path> walk = Files.walk(lake)) {
      for (java.nio.file.Path f : walk.filter(Files::isRegularFile).sorted().toList()) {
        String name = f.getFileName().toString();
        if (name.startsWith(".")) {
          continue;
        }
        String key = lake.relativize(f).toString().replace('\\', '/');
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromFile(f));
        files += name.startsWith("_") ? 0 : 1;
      }
    }
    return files;
  }

  static java.nio.file.Path tablesSql() {
    java.nio.file.Path here = java.nio.file.Path.of("").toAbsolutePath();
    for (java.nio.file.Path p = here; p != null; p = p.getParent()) {
      java.nio.file.Path candidate = p.resolve("medallion-job/sql/tables.sql");
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("medallion-job/sql/tables.sql not found above " + here);
  }
}
