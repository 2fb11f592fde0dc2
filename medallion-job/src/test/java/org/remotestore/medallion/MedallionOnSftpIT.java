package org.remotestore.medallion;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.remotestore.flink.RsFileSystems;
import org.remotestore.testing.sftp.SftpTestServer;

/**
 * The medallion job end to end with its whole lake (bronze, silver, gold, checkpoints' output) on
 * {@code rs://} over SFTP, against the in-process SFTP server: a failure is injected in the middle
 * of a burst, the job restores from its last checkpoint, and silver still holds every expected
 * value exactly once, bronze every served line exactly once (the checks of {@link
 * MedallionJobEndToEndTest}, whose memory and local runs are not repeated here).
 */
class MedallionOnSftpIT extends MedallionJobEndToEndTest {
  private static SftpTestServer server;

  @BeforeAll
  static void addSftpLake() throws IOException {
    server = SftpTestServer.start(Files.createTempDirectory("medallion-sftp-"));
    Map<String, String> options = server.options();
    options.put("io-timeout", "60s"); // a loaded build machine answers slowly, never silently
    options.put("base-path", "lake");
    options.forEach((key, value) -> rsKeys.put("rs.backends.sftp." + key, value));
    rsKeys.put("rs.backends.sftp.type", "sftp");
    rsKeys.put("rs.stores.sftplake.backend", "sftp");
    Configuration conf = new Configuration();
    rsKeys.forEach(conf::setString);
    RsFileSystems.initialize(conf);
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  /** Runs in {@link MedallionJobEndToEndTest}; not repeated here. */
  @Override
  void memoryLakeGetsEveryRowExactlyOnce() {}

  /** Runs in {@link MedallionJobEndToEndTest}; not repeated here. */
  @Override
  void localLakeGetsEveryRowExactlyOnceAcrossAFailureAndRestore() {}

  @Test
  void sftpLakeGetsEveryRowExactlyOnceAcrossAFailureAndRestore() throws Exception {
    run("sftplake", true);
  }
}
