package org.remotestore.testing.s3;

import java.net.URI;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.remotestore.BackendConfig;
import org.remotestore.s3.S3Backend;
import org.remotestore.s3.S3BackendFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Where an S3-compatible test server listens and how to log in: the shared description of the
 * S3Proxy server ({@link S3ProxyServer}) and of a MinIO container, so that the same suites run
 * against either. Also creates buckets and {@code s3} backends for tests and benchmarks.
 *
 * @param endpoint the server's loopback URI
 * @param region the signing region
 * @param accessKey the access key id
 * @param secretKey the secret key (test-only, but treated as a secret all the same)
 */
public record S3TestEndpoint(URI endpoint, String region, String accessKey, String secretKey) {
  private static final AtomicInteger BUCKETS = new AtomicInteger();

  /** A raw SDK client for assertions that look behind the backend (uploads, hidden objects). */
  public S3Client newClient() {
    return S3Client.builder()
        .endpointOverride(endpoint)
        .region(Region.of(region))
        .forcePathStyle(true)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .httpClientBuilder(Apache5HttpClient.builder())
        .build();
  }

  /** Creates a new, empty bucket with a unique name starting with {@code prefix}. */
  public String createBucket(String prefix) {
    String name =
        (prefix
                + "-"
                + BUCKETS.incrementAndGet()
                + "-"
                + UUID.randomUUID().toString().substring(0, 8))
            .toLowerCase(Locale.ROOT);
    try (S3Client client = newClient()) {
      client.createBucket(b -> b.bucket(name));
    }
    return name;
  }

  /** The backend options (without the {@code rs.backends.<name>.} prefix) for {@code bucket}. */
  public Map<String, String> backendOptions(String bucket) {
    Map<String, String> options = new HashMap<>();
    options.put("bucket", bucket);
    options.put("endpoint", endpoint.toString());
    options.put("region", region);
    options.put("path-style-access", "true");
    options.put("access-key", accessKey);
    options.put("secret-key", secretKey);
    options.put("retries", "3");
    return options;
  }

  /**
   * Flat Flink-style keys ({@code rs.backends.<backend>.*}) for {@code bucket}, ready for {@code
   * RegistryConfig.fromFlatKeys}.
   */
  public Map<String, String> flatKeys(String backendName, String bucket) {
    Map<String, String> keys = new HashMap<>();
    keys.put("rs.backends." + backendName + ".type", S3BackendFactory.TYPE);
    backendOptions(bucket).forEach((k, v) -> keys.put("rs.backends." + backendName + "." + k, v));
    return keys;
  }

  /** A backend on {@code bucket} with the default options plus {@code extra}. */
  public S3Backend newBackend(String name, String bucket, Map<String, String> extra) {
    Map<String, String> options = backendOptions(bucket);
    options.putAll(extra);
    return (S3Backend)
        new S3BackendFactory().create(new BackendConfig(name, S3BackendFactory.TYPE, options));
  }

  /** Shows the endpoint and access key, never the secret. */
  @Override
  public String toString() {
    return "S3TestEndpoint{" + endpoint + ", accessKey=" + accessKey + "}";
  }
}
