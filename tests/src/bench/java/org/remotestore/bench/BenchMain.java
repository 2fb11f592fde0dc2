package org.remotestore.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs every benchmark group and writes {@code results.json} and {@code results.md} after each
 * group (so a failure late in the run keeps the earlier results). {@code -Dbench.only=local,s3}
 * runs only the named groups. The {@code year} group (hours) runs only when named.
 */
public final class BenchMain {
  /** Groups that run only when {@code bench.only} names them. */
  private static final Set<String> OPT_IN = Set.of("year");

  private BenchMain() {}

  /** Entry point of the {@code bench} profile. */
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(System.getProperty("bench.dir", "target/bench")).toAbsolutePath();
    Path plugins = Path.of(System.getProperty("bench.plugins", dir.resolve("plugins").toString()));
    int rounds = Integer.getInteger("bench.rounds", 3);
    double scale = Double.parseDouble(System.getProperty("bench.scale", "1"));
    String only = System.getProperty("bench.only", "").trim();
    Set<String> selected =
        only.isEmpty()
            ? Set.of()
            : Arrays.stream(only.split(",")).map(String::trim).collect(Collectors.toSet());

    installOwnPlugin(plugins);
    Files.createDirectories(dir);
    // for re-running without Maven: java -cp "$(cat tests/target/bench/classpath.txt)" ...
    Files.writeString(dir.resolve("classpath.txt"), System.getProperty("java.class.path"));
    Report report = new Report(Machine.current());
    BenchContext ctx = new BenchContext(dir, plugins, rounds, scale, report);
    if (scale != 1) {
      report.note("Data sizes scaled by " + scale + " (-Dbench.scale).");
    }

    Map<String, Group> groups = new LinkedHashMap<>();
    groups.put("jars", () -> jarSizes(ctx));
    groups.put("local", () -> new LocalBench(ctx).run());
    groups.put("s3", () -> new S3Bench(ctx).run());
    groups.put("s3-list", () -> new S3ListingBench(ctx).run());
    groups.put("s3-sql", () -> new S3SqlBench(ctx).run());
    groups.put("s3-jobs", () -> new S3JobsBench(ctx).run());
    groups.put("azure", () -> new AzureBench(ctx).run());
    groups.put("sql", () -> new SqlBench(ctx).run());
    groups.put("sftp", () -> new SftpBench(ctx).run());
    groups.put("memory", () -> new MemoryBoundBench(ctx).run());
    groups.put("sink", () -> new SinkBench(ctx).run());
    groups.put("csv", () -> new CsvBench(ctx).run());
    groups.put("poll", () -> new PollBench(ctx).run());
    groups.put("job", () -> new MedallionBench(ctx).run());
    groups.put("compact", () -> new CompactBench(ctx).run());
    groups.put("compactor", () -> CompactorReadBench.run(ctx));
    groups.put("year", () -> new YearBench(ctx).run());
    groups.put("ext", () -> new ExtBench(ctx).run());
    groups.put("async", () -> new AsyncBench(ctx).run());

    long start = System.nanoTime();
    boolean failed = false;
    for (Map.Entry<String, Group> group : groups.entrySet()) {
      if (selected.isEmpty()
          ? OPT_IN.contains(group.getKey())
          : !selected.contains(group.getKey())) {
        continue;
      }
      String before = Machine.loadAverage();
      long groupStart = System.nanoTime();
      System.out.println("== " + group.getKey() + " (load average " + before + ")");
      try {
        group.getValue().run();
      } catch (Exception | Error e) {
        failed = true;
        System.err.println("benchmark group " + group.getKey() + " failed:");
        e.printStackTrace();
        report.note("Group " + group.getKey() + " failed: " + e);
      }
      report.loadOf(group.getKey(), before + " / " + Machine.loadAverage());
      System.out.printf(
          "== %s done in %.0f s%n", group.getKey(), (System.nanoTime() - groupStart) / 1e9);
      report.write(dir);
    }
    BenchContext.deleteTree(dir.resolve("work"));
    report.note(String.format("Whole run: %.1f min.", (System.nanoTime() - start) / 60e9));
    report.write(dir);
    System.out.println();
    System.out.println(report.markdown());
    System.out.println("Results: " + dir.resolve("results.md") + " and results.json");
    System.exit(failed ? 1 : 0);
  }

  /** Our plugin jar into {@code plugins/rs}, as a user would install it. */
  private static void installOwnPlugin(Path plugins) throws Exception {
    Path jar = Path.of(System.getProperty("rs.plugin.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "the rs:// plugin jar is missing: "
              + jar
              + " (run through Maven with -am so that flink-rs-filesystem is packaged)");
    }
    Path folder = plugins.resolve("rs");
    BenchContext.deleteTree(folder);
    Files.createDirectories(folder);
    Files.copy(jar, folder.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
  }

  /** The plugin jar sizes, measured from the files in each plugin folder. */
  private static void jarSizes(BenchContext ctx) throws Exception {
    for (String plugin : List.of("rs", "s3-native", "s3-hadoop", "s3-presto", "azure-hadoop")) {
      Path folder = ctx.plugin(plugin);
      long bytes = 0;
      try (Stream<Path> files = Files.list(folder)) {
        for (Path jar : files.filter(f -> f.toString().endsWith(".jar")).toList()) {
          bytes += Files.size(jar);
        }
      }
      String label =
          plugin.equals("rs")
              ? "rs (flink-rs-filesystem plugin jar: all backends)"
              : "flink-"
                  + plugin.replace("s3-", "s3-fs-").replace("azure-hadoop", "azure-fs-hadoop");
      ctx.report().jarSize(label, bytes);
    }
    // the S3-only plugin jar, built next to the all-backends one
    Path all = Path.of(System.getProperty("rs.plugin.jar"));
    Path s3Only =
        all.resolveSibling(all.getFileName().toString().replace("-plugin.jar", "-plugin-s3.jar"));
    if (Files.isRegularFile(s3Only)) {
      ctx.report()
          .jarSize("rs (flink-rs-filesystem plugin-s3 jar: memory, local, s3)", Files.size(s3Only));
    }
  }

  @FunctionalInterface
  interface Group {
    void run() throws Exception;
  }
}
