package org.remotestore.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.remotestore.DefaultStore;
import org.remotestore.Store;
import org.remotestore.ext.integrity.Checksum;
import org.remotestore.ext.integrity.ChecksumAlgorithm;
import org.remotestore.ext.integrity.Integrity;
import org.remotestore.testing.ext.IntegritySuite;
import org.remotestore.testing.s3.S3ProxyServer;
import org.remotestore.testing.s3.S3TestEndpoint;

/**
 * The integrity cases on the s3 backend against S3Proxy: a single-PUT object's ETag is its MD5, so
 * an MD5 verify costs a HEAD and no GET; a multipart object's ETag is not, so it is hashed.
 */
class IntegrityTest extends IntegritySuite {
  private S3Backend backend;

  @Override
  protected Store createStore() throws Exception {
    S3TestEndpoint server = S3ProxyServer.shared();
    backend =
        server.newBackend(
            "s3-integrity",
            server.createBucket("integrity"),
            Map.of("part-size", "5mb", "multipart-threshold", "5mb"));
    return new DefaultStore(backend, "root");
  }

  @Override
  protected void destroyStore(Store store) throws Exception {
    backend.close();
  }

  @Override
  protected boolean reportsMd5ForSmallFiles() {
    return true;
  }

  @Test
  void aMultipartObjectHasNoMd5FromItsEtagAndIsHashed() throws Exception {
    byte[] data = new byte[11 << 20]; // three parts of 5 MiB
    new Random(4).nextBytes(data);
    store.write("multi.bin", new ByteArrayInputStream(data), false);
    assertThat(store.getFileInfo("multi.bin").etag()).contains("-");
    assertThat(Integrity.nativeChecksum(store, "multi.bin", ChecksumAlgorithm.MD5)).isEmpty();
    Checksum md5 = Integrity.checksum(store, "multi.bin", ChecksumAlgorithm.MD5);
    store.reads.set(0);
    assertThat(Integrity.verify(store, "multi.bin", md5).fromMetadata()).isFalse();
    assertThat(store.reads.get()).isEqualTo(1);
  }
}
