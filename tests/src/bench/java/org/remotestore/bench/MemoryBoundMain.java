package org.remotestore.bench;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.RecoverableFsDataOutputStream;
import org.apache.flink.core.fs.RecoverableWriter;
import org.remotestore.Registry;
import org.remotestore.RegistryConfig;
import org.remotestore.Store;
import org.remotestore.ext.transfer.Transfer;
import org.remotestore.flink.RsFileSystems;

/**
 * The child JVM of the memory-bound benchmarks (started with a small heap by {@link
 * MemoryBoundBench}); prints {@code seconds=} and {@code vmhwm_kib=} (peak resident set size).
 *
 * <p>Arguments: mode ({@code transfer} or {@code part}), S3 endpoint, access key, bucket, local
 * root, byte count. The secret key comes from the environment variable {@code BENCH_S3_SECRET}.
 */
public final class MemoryBoundMain {
  private MemoryBoundMain() {}

  /** Runs one memory-bound workload and reports its time and peak RSS. */
  public static void main(String[] args) throws Exception {
    String mode = args[0];
    Map<String, String> keys = new HashMap<>();
    keys.put("rs.backends.s3big.type", "s3");
    keys.put("rs.backends.s3big.endpoint", args[1]);
    keys.put("rs.backends.s3big.access-key", args[2]);
    keys.put("rs.backends.s3big.secret-key", System.getenv("BENCH_S3_SECRET"));
    keys.put("rs.backends.s3big.bucket", args[3]);
    keys.put("rs.backends.s3big.path-style-access", "true");
    keys.put("rs.backends.s3big.region", "us-east-1");
    keys.put("rs.backends.disk.type", "local");
    keys.put("rs.backends.disk.root", args[4]);
    keys.put("rs.stores.s3big.backend", "s3big");
    keys.put("rs.stores.disk.backend", "disk");
    long bytes = Long.parseLong(args[5]);
    long start = System.nanoTime();
    if (mode.equals("transfer")) {
      try (Registry registry = Registry.create(RegistryConfig.fromFlatKeys(keys))) {
        Store source = registry.store("disk");
        Store target = registry.store("s3big");
        long copied =
            Transfer.defaults()
                .copyFile(source, "big.bin", target, "transferred.bin")
                .throwIfFailed()
                .bytesTransferred();
        Workloads.check(copied == bytes, "transferred " + copied + " of " + bytes);
        Workloads.check(
            target.getFileInfo("transferred.bin").size() == bytes, "size after transfer");
      }
    } else {
      Configuration conf = new Configuration();
      keys.forEach(conf::setString);
      RsFileSystems.initialize(conf);
      FileSystem fs = FileSystem.get(URI.create("rs://s3big/"));
      RecoverableWriter writer = fs.createRecoverableWriter();
      org.apache.flink.core.fs.Path part = new org.apache.flink.core.fs.Path("rs://s3big/part-0");
      RecoverableFsDataOutputStream out = writer.open(part);
      byte[] block = Workloads.bytes(1 << 16, 7);
      long persistEvery = 256L << 20;
      for (long written = 0; written < bytes; written += block.length) {
        out.write(block);
        if ((written + block.length) % persistEvery == 0) {
          out.persist(); // what a checkpoint does to an in-progress part
        }
      }
      out.closeForCommit().commit();
      Workloads.check(fs.getFileStatus(part).getLen() == bytes, "part size after commit");
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    String hwm =
        Files.readAllLines(Path.of("/proc/self/status")).stream()
            .filter(l -> l.startsWith("VmHWM:"))
            .findFirst()
            .orElse("VmHWM: -1 kB")
            .replaceAll("[^0-9-]", "");
    System.out.println("seconds=" + seconds);
    System.out.println("vmhwm_kib=" + hwm);
    System.out.println("max_heap=" + Runtime.getRuntime().maxMemory());
    System.exit(0);
  }
}
