package org.remotestore.flink;

import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Nested;
import org.remotestore.testing.sftp.SftpTestServer;

/**
 * Flink's own suites through {@code rs://} on the sftp backend, against the in-process SFTP server
 * (password login, host key given in configuration): {@link
 * org.apache.flink.core.fs.FileSystemBehaviorTestSuite} and {@link
 * org.apache.flink.core.fs.AbstractRecoverableWriterTest}, the latter with every test (the sftp
 * backend has file-system semantics: a visible, truncatable in-progress file, as on local disk).
 */
class SftpFlinkSuitesTest {

  /** A configuration with store {@code store} on the shared SFTP server, below {@code folder}. */
  static Configuration sftp(String store, String folder) {
    Configuration conf = new Configuration();
    String backend = store + "-sftp";
    Map<String, String> options = SftpTestServer.shared().options();
    options.put("base-path", folder);
    options.forEach((k, v) -> conf.setString("rs.backends." + backend + "." + k, v));
    conf.setString("rs.backends." + backend + ".type", "sftp");
    conf.setString("rs.stores." + store + ".backend", backend);
    return conf;
  }

  /** Flink's file system behaviour suite through rs:// on sftp. */
  @Nested
  class Behavior extends AbstractRsFileSystemBehaviorTest {
    private static final Configuration CONF = sftp("behaviorsftp", "flink-behavior");

    @Override
    protected Configuration rsConfiguration() {
      return CONF;
    }

    @Override
    protected String storeName() {
      return "behaviorsftp";
    }
  }

  /** Flink's RecoverableWriter suite through rs:// on sftp. */
  @Nested
  class RecoverableWriter extends AbstractRsRecoverableWriterTest {
    private static final Configuration CONF = sftp("writersftp", "flink-recoverable");

    @Override
    protected Configuration rsConfiguration() {
      return CONF;
    }

    @Override
    protected String storeName() {
      return "writersftp";
    }
  }
}
