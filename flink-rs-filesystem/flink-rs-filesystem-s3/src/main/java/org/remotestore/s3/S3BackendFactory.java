package org.remotestore.s3;

import java.util.Set;
import org.remotestore.BackendConfig;
import org.remotestore.spi.Backend;
import org.remotestore.spi.BackendFactory;

/**
 * Creates {@link S3Backend s3 backends}. Options (under {@code rs.backends.<name>.}): {@code
 * bucket} (required), {@code region} (default {@code us-east-1}), {@code endpoint}, {@code
 * path-style-access}, {@code access-key} and {@code secret-key} (secret; without them the SDK's
 * default credentials chain is used), {@code session-token} (secret), {@code multipart-threshold},
 * {@code part-size} (at least 5 MiB), {@code upload-concurrency}, {@code sse} ({@code AES256} or
 * {@code aws:kms}) with {@code sse-kms-key-id}, {@code max-connections}, {@code retries} (attempts
 * per request), {@code connection-timeout}, {@code socket-timeout}, {@code tmp-prefix} and {@code
 * checksums}.
 */
public final class S3BackendFactory implements BackendFactory {
  /** The backend type name. */
  public static final String TYPE = "s3";

  private static final Set<String> OPTIONS =
      Set.of(
          "bucket",
          "region",
          "endpoint",
          "path-style-access",
          "access-key",
          "secret-key",
          "session-token",
          "multipart-threshold",
          "part-size",
          "upload-concurrency",
          "sse",
          "sse-kms-key-id",
          "max-connections",
          "retries",
          "connection-timeout",
          "socket-timeout",
          "tmp-prefix",
          "checksums");

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Set<String> options() {
    return OPTIONS;
  }

  @Override
  public Set<String> secretOptions() {
    return Set.of("secret-key", "session-token");
  }

  @Override
  public Backend create(BackendConfig config) {
    return new S3Backend(config.name(), S3Settings.from(config));
  }
}
