package org.remotestore.sftp;

import java.util.Map;
import java.util.UUID;
import org.remotestore.DefaultStore;
import org.remotestore.Store;
import org.remotestore.spi.Backend;
import org.remotestore.testing.StoreConformanceSuite;
import org.remotestore.testing.sftp.SftpTestServer;

/**
 * The Store conformance suite on the sftp backend against the in-process SFTP server (password
 * login, host key given in configuration), one fresh root folder per test.
 */
class SftpBackendConformanceTest extends StoreConformanceSuite {
  private Backend backend;

  /** Options of the backend under test; subclasses change the login or the rename strategy. */
  protected Map<String, String> backendOptions() {
    return SftpTestServer.shared().options();
  }

  @Override
  protected Store createStore() throws Exception {
    backend = new SftpBackendFactory().create(SftpTestServer.config("sftp", backendOptions()));
    return new DefaultStore(backend, "conformance/" + UUID.randomUUID());
  }

  @Override
  protected void destroyStore(Store store) throws Exception {
    try {
      store.deleteFolder("");
    } finally {
      backend.close();
    }
  }

  @Override
  protected long largeStreamBytes() {
    return 64L << 20;
  }
}
