package org.remotestore.bench;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.Path;
import org.remotestore.testing.sftp.SftpTestServer;

/**
 * {@code rs://} over the sftp backend (the sftp module's in-process Apache MINA SSHD server over a
 * folder of the local disk, on loopback, password login, an ECDSA host key given) next to {@code
 * rs://} on the local disk, both from the plugin jar: a large object written and read, ranged
 * footer reads, small files created, listed and read. The server and the client share the machine's
 * cores, so the rows show the protocol's and the SSH encryption's cost, not a network's. Sizes:
 * {@code -Dbench.sftp.big.mib} (default 256) and {@code -Dbench.sftp.small} (default 1000).
 *
 * <p>ECDSA, not Ed25519: the in-process server's (unshaded) SSHD registers net.i2p's {@code EdDSA}
 * JCA provider JVM-wide first, and the plugin's relocated SSHD then gets that provider's key
 * factory by name, which does not know the relocated key spec classes.
 */
final class SftpBench {
  private final BenchContext ctx;

  SftpBench(BenchContext ctx) {
    this.ctx = ctx;
  }

  void run() throws Exception {
    java.nio.file.Path work = ctx.workDir("sftp");
    Map<String, S3Bench.Ops> contenders = new LinkedHashMap<>();

    Configuration local = new Configuration();
    local.setString("rs.backends.disk.type", "local");
    local.setString("rs.backends.disk.root", work.resolve("local").toString());
    local.setString("rs.stores.sftpbenchlocal.backend", "disk");
    contenders.put("rs-local", flinkOps(local, "sftpbenchlocal"));

    java.nio.file.Path served = java.nio.file.Files.createDirectories(work.resolve("served"));
    try (SftpTestServer server = SftpTestServer.start(served, "ecdsa-sha2-nistp256")) {
      Configuration sftp = new Configuration();
      server.options().forEach((k, v) -> sftp.setString("rs.backends.drop." + k, v));
      sftp.setString("rs.backends.drop.type", "sftp");
      sftp.setString("rs.stores.sftpbench.backend", "drop");
      contenders.put("rs-sftp", flinkOps(sftp, "sftpbench"));

      // the shared suite reads its small-object count from bench.s3.small: set it for this group
      String s3Small = System.getProperty("bench.s3.small");
      System.setProperty(
          "bench.s3.small", Integer.toString(Integer.getInteger("bench.sftp.small", 1000)));
      try {
        S3Bench.objectStoreSuite(
            ctx,
            "sftp",
            contenders,
            ctx.scaled(Long.getLong("bench.sftp.big.mib", 256) * Workloads.MIB));
      } finally {
        if (s3Small == null) {
          System.clearProperty("bench.s3.small");
        } else {
          System.setProperty("bench.s3.small", s3Small);
        }
      }
    }
  }

  private S3Bench.FlinkOps flinkOps(Configuration conf, String store) throws Exception {
    return new S3Bench.FlinkOps(
        PluginFileSystems.load(ctx.rsPlugin(), conf, URI.create("rs://" + store + "/")),
        new Path("rs://" + store + "/"));
  }
}
