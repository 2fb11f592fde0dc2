package org.remotestore.bench;

import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.FileSystem.WriteMode;
import org.apache.flink.core.fs.Path;
import org.remotestore.testing.s3.S3ProxyServer;
import org.remotestore.testing.s3.S3TestEndpoint;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Priority 2: {@code rs://} over the s3 backend vs Flink's three S3 plugins (native, Presto,
 * Hadoop; 2.3.0 from Maven Central) vs the raw AWS SDK v2, all against one S3Proxy on loopback that
 * stores objects on disk. Every Flink file system, ours included, is loaded from its own plugin
 * folder through Flink's plugin manager and configured through Flink configuration keys (endpoint,
 * path-style access, credentials), as on a cluster. Each contender has its own bucket.
 */
final class S3Bench {
  static final List<String> PEERS = List.of("s3-native", "s3-presto", "s3-hadoop");

  private final BenchContext ctx;

  S3Bench(BenchContext ctx) {
    this.ctx = ctx;
  }

  /** The Flink configuration of a peer S3 plugin against {@code server}. */
  static Configuration peerConfig(S3TestEndpoint server) {
    Configuration conf = new Configuration();
    conf.setString("s3.endpoint", server.endpoint().toString());
    conf.setString("s3.access-key", server.accessKey());
    conf.setString("s3.secret-key", server.secretKey());
    conf.setString("s3.region", server.region());
    conf.setString("s3.endpoint.region", server.region());
    conf.setString("s3.path.style.access", "true");
    conf.setString("s3.path-style-access", "true");
    conf.setString("s3.connection.ssl.enabled", "false");
    conf.setString("s3.ssl.enabled", "false");
    // flink-s3-fs-native: S3Proxy (like most S3-compatible servers) rejects aws-chunked uploads
    // with trailing checksums; the plugin's own switches turn them off (as rs:// does by default
    // when an endpoint is set).
    conf.setString("s3.chunked-encoding.enabled", "false");
    conf.setString("s3.checksum-validation.enabled", "false");
    // flink-s3-fs-hadoop: keep directory markers. With the default (delete), every file written
    // ends with a DeleteObjects of its parents' markers, which S3Proxy's file-backed store answers
    // only after about 10 s of retrying to delete missing files: an artefact of the test server.
    conf.setString("s3.directory.marker.retention", "keep");
    return conf;
  }

  void run() throws Exception {
    java.nio.file.Path work = ctx.workDir("s3");
    try (S3ProxyServer proxy = S3ProxyServer.startOnDisk(work.resolve("s3proxy"))) {
      S3TestEndpoint server = proxy.endpoint();
      Map<String, Ops> contenders = new LinkedHashMap<>();
      String rsBucket = server.createBucket("rs");
      Configuration rsConf = new Configuration();
      server.flatKeys("s3b", rsBucket).forEach(rsConf::setString);
      rsConf.setString("rs.stores.s3bench.backend", "s3b");
      contenders.put(
          "rs-s3",
          new FlinkOps(
              PluginFileSystems.load(ctx.rsPlugin(), rsConf, URI.create("rs://s3bench/")),
              new Path("rs://s3bench/")));
      addRsComparisons(ctx, server, contenders, server::createBucket);
      for (String peer : PEERS) {
        String bucket = server.createBucket(peer);
        contenders.put(
            "flink-" + peer.replace("s3-", "s3-fs-"),
            new FlinkOps(
                PluginFileSystems.load(
                    ctx.plugin(peer), peerConfig(server), URI.create("s3://" + bucket + "/")),
                new Path("s3://" + bucket + "/")));
      }
      contenders.put(
          "aws-sdk-v2 (raw)", new RawOps(server.newClient(), server.createBucket("raw")));

      objectStoreSuite(ctx, "s3", contenders);
    }
  }

  /**
   * Extra {@code rs://} contenders for a comparison run, each on the bucket {@code bucketFor} gives
   * for its name: {@code -Dbench.rs.baseline.jar=<plugin jar>} adds {@code rs-s3 baseline}, the
   * same store from another build of the plugin (a before and after in one run, interleaved);
   * {@code -Dbench.s3.rs.variants=part-size=64mb,upload-concurrency=2;part-size=16mb} adds one
   * {@code rs-s3} contender per variant ({@code ;}-separated), with those backend options.
   */
  static void addRsComparisons(
      BenchContext ctx,
      S3TestEndpoint server,
      Map<String, Ops> contenders,
      java.util.function.Function<String, String> bucketFor)
      throws Exception {
    String baseline = System.getProperty("bench.rs.baseline.jar", "").trim();
    if (!baseline.isEmpty()) {
      java.nio.file.Path jar = java.nio.file.Path.of(baseline);
      java.nio.file.Path folder = ctx.plugin("rs-baseline");
      BenchContext.deleteTree(folder);
      java.nio.file.Files.createDirectories(folder);
      java.nio.file.Files.copy(jar, folder.resolve(jar.getFileName()));
      contenders.put(
          "rs-s3 baseline", rsOps(folder, "s3base", server, bucketFor.apply("rs-baseline"), ""));
    }
    String variants = System.getProperty("bench.s3.rs.variants", "").trim();
    int i = 0;
    for (String variant : variants.isEmpty() ? new String[0] : variants.split(";")) {
      String options = variant.trim();
      String store = "s3v" + i++;
      contenders.put(
          "rs-s3 " + options.replace(',', ' '),
          rsOps(ctx.rsPlugin(), store, server, bucketFor.apply("rs-" + store), options));
    }
  }

  /**
   * {@code rs://<store>/} from the plugin in {@code folder} on {@code bucket}, with extra backend
   * options ({@code key=value,...}).
   */
  private static Ops rsOps(
      java.nio.file.Path folder, String store, S3TestEndpoint server, String bucket, String options)
      throws Exception {
    Configuration conf = new Configuration();
    server.flatKeys(store, bucket).forEach(conf::setString);
    for (String option : options.isEmpty() ? new String[0] : options.split(",")) {
      int eq = option.indexOf('=');
      conf.setString(
          "rs.backends." + store + "." + option.substring(0, eq).trim(), option.substring(eq + 1));
    }
    conf.setString("rs.stores." + store + ".backend", store);
    URI root = URI.create("rs://" + store + "/");
    return new FlinkOps(PluginFileSystems.load(folder, conf, root), new Path(root));
  }

  /**
   * The object store benchmarks over {@code contenders} (the first is ours): 1 GiB write and read,
   * ranged footer reads, and small objects created, listed and read.
   */
  static void objectStoreSuite(BenchContext ctx, String group, Map<String, Ops> contenders)
      throws Exception {
    objectStoreSuite(
        ctx, group, contenders, ctx.scaled(Long.getLong("bench.s3.big.mib", 1024) * Workloads.MIB));
  }

  /** The same with {@code big} bytes for the large object. */
  static void objectStoreSuite(
      BenchContext ctx, String group, Map<String, Ops> contenders, long big) throws Exception {
    byte[] block = Workloads.bytes(Workloads.MIB, 1);
    String label = ctx.sizeLabel(big);
    Interleaved write = new Interleaved(group, label + " write", big / Workloads.MIB, "MiB");
    Interleaved read = new Interleaved(group, label + " read", big / Workloads.MIB, "MiB");
    int footerReads = 50;
    Interleaved footer =
        new Interleaved(group, "ranged footer read (64 KiB, open+seek+read)", footerReads, "reads");
    contenders.forEach(
        (name, ops) -> {
          write.add(
              name, warm -> ops.write("big.bin", warm ? Math.min(big, 64L << 20) : big, block));
          read.add(
              name,
              // the last (measured) write round left a full-size file
              warm -> ops.read("big.bin", big));
          footer.add(name, warm -> ops.footer("big.bin", big, 64 * 1024, warm ? 5 : footerReads));
        });
    write.runInto(ctx, 1, ctx.rounds());
    read.runInto(ctx, 1, ctx.rounds());
    footer.runInto(ctx, 1, ctx.rounds());
    for (Ops ops : contenders.values()) {
      ops.delete("big.bin");
    }

    int count = ctx.scaledCount(Integer.getInteger("bench.s3.small", 10_000));
    int size = 1024;
    byte[] small = Workloads.bytes(size, 2);
    Interleaved create = new Interleaved(group, count + " small objects: create", count, "files");
    Interleaved list = new Interleaved(group, count + " small objects: list", count, "files");
    Interleaved readSmall = new Interleaved(group, count + " small objects: read", count, "files");
    int smallRounds = Integer.getInteger("bench.s3.small.rounds", ctx.rounds());
    contenders.forEach(
        (name, ops) -> {
          int[] created = {0};
          create.add(
              name,
              warm -> {
                // each round writes new names, so no round deletes (untimed) and none overwrites
                int n = warm ? Math.max(10, count / 20) : count;
                String folder = "small-" + created[0]++;
                double s = ops.createSmall(folder, n, small);
                ops.lastSmall = folder;
                return s;
              });
          list.add(name, warm -> ops.listSmall(ops.lastSmall, count));
          readSmall.add(name, warm -> ops.readSmall(ops.lastSmall, count, size));
        });
    create.runInto(ctx, 1, smallRounds);
    list.runInto(ctx, 1, smallRounds);
    readSmall.runInto(ctx, 1, smallRounds);
  }

  /** What every S3 contender does, through its own API. */
  abstract static class Ops {
    String lastSmall;

    abstract double write(String key, long bytes, byte[] block) throws Exception;

    abstract double read(String key, long bytes) throws Exception;

    abstract double footer(String key, long length, int bytes, int times) throws Exception;

    abstract double createSmall(String folder, int count, byte[] content) throws Exception;

    abstract double listSmall(String folder, int count) throws Exception;

    abstract double readSmall(String folder, int count, int size) throws Exception;

    abstract void delete(String key) throws Exception;
  }

  /** A Flink file system (ours or a peer's), through Flink's FileSystem API. */
  static final class FlinkOps extends Ops {
    private final FileSystem fs;
    private final Path root;

    FlinkOps(FileSystem fs, Path root) {
      this.fs = fs;
      this.root = root;
    }

    @Override
    double write(String key, long bytes, byte[] block) throws Exception {
      return Workloads.sequentialWrite(fs, new Path(root, key), bytes, block);
    }

    @Override
    double read(String key, long bytes) throws Exception {
      return Workloads.sequentialRead(fs, new Path(root, key), bytes);
    }

    @Override
    double footer(String key, long length, int bytes, int times) throws Exception {
      return Workloads.footerReads(fs, new Path(root, key), length, bytes, times);
    }

    @Override
    double createSmall(String folder, int count, byte[] content) throws Exception {
      // OVERWRITE: with NO_OVERWRITE, flink-s3-fs-hadoop needs about 10 s per file against
      // S3Proxy (see the README), which would not fit the time budget
      return Workloads.createSmallFiles(
          fs, new Path(root, folder), count, content, WriteMode.OVERWRITE);
    }

    @Override
    double listSmall(String folder, int count) throws Exception {
      return Workloads.listSmallFiles(fs, new Path(root, folder), count);
    }

    @Override
    double readSmall(String folder, int count, int size) throws Exception {
      return Workloads.readSmallFiles(fs, new Path(root, folder), count, size);
    }

    @Override
    void delete(String key) throws Exception {
      fs.delete(new Path(root, key), false);
    }
  }

  /**
   * The raw AWS SDK v2 (sync client, Apache HTTP client): a multipart upload of 8 MiB parts (the
   * part size of the rs:// s3 backend) sent one after another, plain and ranged GETs, PUTs and
   * paginated ListObjectsV2.
   */
  static final class RawOps extends Ops {
    private static final int PART = 8 * Workloads.MIB;
    private final S3Client s3;
    private final String bucket;

    RawOps(S3Client s3, String bucket) {
      this.s3 = s3;
      this.bucket = bucket;
    }

    @Override
    double write(String key, long bytes, byte[] block) throws Exception {
      byte[] part = new byte[PART];
      for (int off = 0; off < PART; off += block.length) {
        System.arraycopy(block, 0, part, off, Math.min(block.length, PART - off));
      }
      return Interleaved.time(
          () -> {
            String upload = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
            List<CompletedPart> parts = new ArrayList<>();
            int number = 1;
            for (long sent = 0; sent < bytes; sent += PART, number++) {
              int n = (int) Math.min(PART, bytes - sent);
              int partNumber = number;
              String etag =
                  s3.uploadPart(
                          b ->
                              b.bucket(bucket)
                                  .key(key)
                                  .uploadId(upload)
                                  .partNumber(partNumber)
                                  .contentLength((long) n),
                          RequestBody.fromBytes(
                              n == PART ? part : java.util.Arrays.copyOf(part, n)))
                      .eTag();
              parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
            }
            s3.completeMultipartUpload(
                b ->
                    b.bucket(bucket)
                        .key(key)
                        .uploadId(upload)
                        .multipartUpload(m -> m.parts(parts)));
          });
    }

    @Override
    double read(String key, long bytes) throws Exception {
      byte[] buffer = new byte[Workloads.MIB];
      return Interleaved.time(
          () -> {
            long total = 0;
            try (ResponseInputStream<GetObjectResponse> in =
                s3.getObject(b -> b.bucket(bucket).key(key))) {
              int n;
              while ((n = in.read(buffer)) >= 0) {
                total += n;
              }
            }
            Workloads.check(total == bytes, "raw read " + total + " of " + bytes);
          });
    }

    @Override
    double footer(String key, long length, int bytes, int times) throws Exception {
      return Interleaved.time(
          () -> {
            for (int i = 0; i < times; i++) {
              String range = "bytes=" + (length - bytes) + "-" + (length - 1);
              byte[] got =
                  s3.getObjectAsBytes(b -> b.bucket(bucket).key(key).range(range)).asByteArray();
              Workloads.check(got.length == bytes, "raw footer " + got.length);
            }
          });
    }

    @Override
    double createSmall(String folder, int count, byte[] content) throws Exception {
      return Interleaved.time(
          () -> {
            for (int i = 0; i < count; i++) {
              String key = folder + "/" + Workloads.smallName(i);
              s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(content));
            }
          });
    }

    @Override
    double listSmall(String folder, int count) throws Exception {
      return Interleaved.time(
          () -> {
            int listed = 0;
            for (ListObjectsV2Response page :
                s3.listObjectsV2Paginator(
                    b -> b.bucket(bucket).prefix(folder + "/").delimiter("/"))) {
              for (S3Object ignored : page.contents()) {
                listed++;
              }
            }
            Workloads.check(listed == count, "raw listed " + listed + " of " + count);
          });
    }

    @Override
    double readSmall(String folder, int count, int size) throws Exception {
      return Interleaved.time(
          () -> {
            for (int i = 0; i < count; i++) {
              String key = folder + "/" + Workloads.smallName(i);
              try (InputStream in = s3.getObject(b -> b.bucket(bucket).key(key))) {
                int n = in.readAllBytes().length;
                Workloads.check(n == size, "raw small read " + n);
              }
            }
          });
    }

    @Override
    void delete(String key) {
      s3.deleteObject(b -> b.bucket(bucket).key(key));
    }
  }
}
