package org.remotestore.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.FileSystem.WriteMode;
import org.apache.flink.core.fs.Path;

/**
 * Priority 1: {@code rs://} over the local backend vs Flink's own {@code file://}, through Flink's
 * FileSystem API. {@code rs://} comes from the packaged plugin jar, loaded by Flink's plugin
 * manager. The rows with a ratio compare {@code rs://} with {@code fsync: false}, which promises
 * what {@code file://} promises, with {@code file://}; the durable default ({@code fsync: true},
 * every published file forced to disk) has rows of its own. Small-file creates also show {@code
 * atomic-create: false}, which writes in place as {@code file://} does, next to the default atomic
 * publish; the 1 GiB write shows it too, and has a second row writing a new file each round (no
 * file replaced).
 */
final class LocalBench {
  private final BenchContext ctx;

  LocalBench(BenchContext ctx) {
    this.ctx = ctx;
  }

  void run() throws Exception {
    java.nio.file.Path work = ctx.workDir("local");
    Configuration conf = new Configuration();
    conf.setString("rs.backends.disk.type", "local");
    conf.setString("rs.backends.disk.root", work.resolve("rs").toString());
    conf.setString("rs.backends.disk-nofsync.type", "local");
    conf.setString("rs.backends.disk-nofsync.root", work.resolve("rs-nofsync").toString());
    conf.setString("rs.backends.disk-nofsync.fsync", "false");
    conf.setString("rs.backends.disk-inplace.type", "local");
    conf.setString("rs.backends.disk-inplace.root", work.resolve("rs-inplace").toString());
    conf.setString("rs.backends.disk-inplace.fsync", "false");
    conf.setString("rs.backends.disk-inplace.atomic-create", "false");
    conf.setString("rs.stores.bench.backend", "disk");
    conf.setString("rs.stores.benchnf.backend", "disk-nofsync");
    conf.setString("rs.stores.benchip.backend", "disk-inplace");
    Files.createDirectories(work.resolve("file"));

    Target durableRs = rs(conf, "bench");
    Map<String, Target> targets = new LinkedHashMap<>();
    targets.put("rs-local fsync=false", rs(conf, "benchnf"));
    targets.put(
        "flink-file",
        new Target(FileSystem.getLocalFileSystem(), new Path(work.resolve("file").toUri())));

    long big = ctx.scaled(1024L * Workloads.MIB);
    byte[] block = Workloads.bytes(Workloads.MIB, 1);
    String bigLabel = ctx.sizeLabel(big) + " sequential";
    Interleaved write = new Interleaved("local", bigLabel + " write", big / Workloads.MIB, "MiB");
    Interleaved read = new Interleaved("local", bigLabel + " read", big / Workloads.MIB, "MiB");
    targets.forEach(
        (name, t) -> {
          Path file = new Path(t.root, "seq/big.bin");
          write.add(
              name,
              warm ->
                  Workloads.sequentialWrite(
                      t.fs, file, warm ? Math.min(big, 128L << 20) : big, block));
          read.add(
              name,
              // the last (measured) write round left a full-size file
              warm -> Workloads.sequentialRead(t.fs, file, big));
        });
    // in place (atomic-create=false) truncates the old file and writes it again, as file:// would
    // if it did not delete first
    Target inPlace = rs(conf, "benchip");
    Path inPlaceFile = new Path(inPlace.root, "seq/big.bin");
    write.add(
        "rs-local fsync=false atomic-create=false",
        warm ->
            Workloads.sequentialWrite(
                inPlace.fs, inPlaceFile, warm ? Math.min(big, 128L << 20) : big, block));
    settle();
    write.runInto(ctx, 1, ctx.rounds());
    read.runInto(ctx, 1, ctx.rounds());
    targets.values().forEach(t -> t.deleteQuietly(new Path(t.root, "seq")));
    inPlace.deleteQuietly(new Path(inPlace.root, "seq"));
    // The same write to a new name each round: no file is replaced, so the atomic publish is a
    // link of the temporary file, where the row above renames it over the previous round's file.
    Interleaved writeNew =
        new Interleaved(
            "local", bigLabel + " write, a new file each round", big / Workloads.MIB, "MiB");
    targets.forEach(
        (name, t) -> {
          int[] round = {0};
          writeNew.add(
              name,
              warm ->
                  Workloads.sequentialWrite(
                      t.fs,
                      new Path(t.root, "seq-new/big-" + round[0]++ + ".bin"),
                      warm ? Math.min(big, 128L << 20) : big,
                      block));
        });
    settle();
    writeNew.runInto(ctx, 1, ctx.rounds());
    targets.values().forEach(t -> t.deleteQuietly(new Path(t.root, "seq-new")));
    // the durable default on its own: the same write, every published file forced to disk
    Interleaved durableWrite =
        new Interleaved(
            "local", bigLabel + " write (rs fsync=true, the default)", big / Workloads.MIB, "MiB");
    Path durableFile = new Path(durableRs.root, "seq/big.bin");
    durableWrite.add(
        "rs-local",
        warm ->
            Workloads.sequentialWrite(
                durableRs.fs, durableFile, warm ? Math.min(big, 128L << 20) : big, block));
    settle();
    durableWrite.runInto(ctx, 1, ctx.rounds());
    durableRs.deleteQuietly(new Path(durableRs.root, "seq"));

    // Small files: rs:// without fsync against file://, which does not fsync either; atomic
    // publish (the default) and in place. The default rs:// (fsync per file) follows on its own.
    int count = ctx.scaledCount(10_000);
    int size = 1024;
    byte[] small = Workloads.bytes(size, 2);
    Map<String, Target> smallTargets = new LinkedHashMap<>(targets);
    smallTargets.put("rs-local fsync=false atomic-create=false", inPlace);
    smallFiles("", smallTargets, count, size, small);
    smallFiles(
        " (rs fsync=true, the default)",
        Map.of("rs-local", durableRs),
        ctx.scaledCount(1_000),
        size,
        small);

    int rowGroups = 16;
    int columns = 8;
    int chunk = 256 * 1024;
    int footer = 64 * 1024;
    int passes = 50;
    Interleaved seek =
        new Interleaved(
            "local",
            "Parquet-like reads (footer, 2 of 8 columns x 16 row groups)",
            passes,
            "files");
    for (Map.Entry<String, Target> e : targets.entrySet()) {
      Target t = e.getValue();
      Path file = new Path(t.root, "parquet/like.parquet");
      long length = (long) rowGroups * columns * chunk + footer + 8;
      try (var out = t.fs.create(file, WriteMode.OVERWRITE)) {
        byte[] data = Workloads.bytes((int) length, 3);
        out.write(data);
      }
      seek.add(
          e.getKey(),
          warm ->
              Workloads.parquetLikeReads(
                  t.fs, file, warm ? 5 : passes, rowGroups, columns, chunk, footer));
    }
    seek.runInto(ctx, 1, ctx.rounds());
    targets.values().forEach(t -> t.deleteQuietly(new Path(t.root, "parquet")));
  }

  /**
   * Writes the page cache's dirty data to disk ({@code sync}) before a writing benchmark, so that
   * the write-back of the gigabytes an earlier row left in memory is not charged to the next row's
   * first contender (the small-file creates after the 1 GiB rows: 0.33× {@code file://} in one run,
   * 0.55× with this). Where there is no {@code sync} command, nothing happens.
   */
  private static void settle() {
    try {
      Process sync = new ProcessBuilder("sync").inheritIO().start();
      if (!sync.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)) {
        sync.destroyForcibly();
      }
    } catch (IOException e) {
      // no sync command here: the rows run unsettled
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Target rs(Configuration conf, String store) throws IOException {
    return new Target(
        PluginFileSystems.load(ctx.rsPlugin(), conf, URI.create("rs://" + store + "/")),
        new Path("rs://" + store + "/"));
  }

  private void smallFiles(
      String suffix, Map<String, Target> targets, int count, int size, byte[] small)
      throws Exception {
    Interleaved create =
        new Interleaved("local", count + " small files: create" + suffix, count, "files");
    Interleaved list =
        new Interleaved("local", count + " small files: list" + suffix, count, "files");
    Interleaved readSmall =
        new Interleaved("local", count + " small files: read" + suffix, count, "files");
    targets.forEach(
        (name, t) -> {
          Path folder = new Path(t.root, "small");
          create.add(
              name,
              warm -> {
                t.deleteQuietly(folder);
                return Workloads.createSmallFiles(
                    t.fs, folder, warm ? Math.max(10, count / 10) : count, small);
              });
          list.add(name, warm -> Workloads.listSmallFiles(t.fs, folder, count));
          readSmall.add(name, warm -> Workloads.readSmallFiles(t.fs, folder, count, size));
        });
    settle();
    create.runInto(ctx, 1, ctx.rounds());
    // the last (measured, full-size) create round left `count` files for listing and reading
    if (suffix.isEmpty()) {
      list.runInto(ctx, 1, ctx.rounds());
      readSmall.runInto(ctx, 1, ctx.rounds());
    }
    targets.values().forEach(t -> t.deleteQuietly(new Path(t.root, "small")));
  }

  private record Target(FileSystem fs, Path root) {
    void deleteQuietly(Path path) {
      try {
        fs.delete(path, true);
      } catch (Exception e) {
        System.err.println("could not delete " + path + ": " + e);
      }
    }
  }
}
