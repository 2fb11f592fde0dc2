package org.remotestore.s3;

import java.net.URI;
import java.util.Map;
import org.remotestore.DefaultStore;
import org.remotestore.Store;
import org.remotestore.testing.StoreConformanceSuite;
import org.remotestore.testing.s3.S3TestEndpoint;
import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The same conformance suite against MinIO in a container, where a Docker engine exists; skipped
 * (not failed) without one. MinIO honours conditional PUTs, so the exclusive-create race runs here.
 */
@Testcontainers(disabledWithoutDocker = true)
class S3MinioConformanceTest extends StoreConformanceSuite {
  @Container
  private static final MinIOContainer MINIO =
      new MinIOContainer("minio/minio:RELEASE.2024-10-13T13-34-11Z");

  private S3Backend backend;

  @Override
  protected Store createStore() throws Exception {
    S3TestEndpoint server =
        new S3TestEndpoint(
            URI.create(MINIO.getS3URL()), "us-east-1", MINIO.getUserName(), MINIO.getPassword());
    backend =
        server.newBackend(
            "s3-minio",
            server.createBucket("conformance"),
            Map.of("part-size", "5mb", "multipart-threshold", "5mb"));
    return new DefaultStore(backend, "root/of/store");
  }

  @Override
  protected void destroyStore(Store store) throws Exception {
    backend.close();
  }

  @Override
  protected long largeStreamBytes() {
    return 48L << 20;
  }
}
