package org.remotestore.sftp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;

/**
 * The same conformance suite against OpenSSH's sftp server in a container ({@code atmoz/sftp}),
 * where a Docker engine exists; skipped (not failed) without one. The container makes its host key
 * at start, so the key is learned on first use into a known_hosts file of this test ({@code
 * trust-on-first-use}) and checked on every later connection.
 */
@Testcontainers(disabledWithoutDocker = true)
class SftpContainerConformanceTest extends SftpBackendConformanceTest {
  private static final String USER = "rs";
  private static final String PASSWORD = "rs-container-pass";

  @Container
  private static final GenericContainer<?> SFTP =
      new GenericContainer<>(DockerImageName.parse("atmoz/sftp:alpine"))
          .withCommand(USER + ":" + PASSWORD + ":::upload")
          .withExposedPorts(22)
          .waitingFor(Wait.forListeningPort());

  private static Path knownHosts;

  @Override
  protected Map<String, String> backendOptions() {
    synchronized (SftpContainerConformanceTest.class) {
      if (knownHosts == null) {
        try {
          knownHosts = Files.createTempFile("rs-sftp-container-", ".known_hosts");
          knownHosts.toFile().deleteOnExit();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    Map<String, String> o = new HashMap<>();
    o.put("host", SFTP.getHost());
    o.put("port", Integer.toString(SFTP.getMappedPort(22)));
    o.put("username", USER);
    o.put("password", PASSWORD);
    o.put("base-path", "/upload"); // the user's writable folder inside the chroot
    o.put("host-key-policy", "trust-on-first-use");
    o.put("known-hosts", knownHosts.toString());
    o.put("connect-timeout", "10s");
    o.put("io-timeout", "30s");
    return o;
  }

  @Override
  protected long largeStreamBytes() {
    return 32L << 20;
  }
}
