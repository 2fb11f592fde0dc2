package org.remotestore.s3;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import org.remotestore.BackendConfig;
import org.remotestore.ConfigException;

/**
 * The parsed, validated options of one {@code s3} backend. Immutable. {@link #toString()} never
 * shows the secret key or session token.
 *
 * @param bucket the bucket every key lives in
 * @param region the signing region
 * @param endpoint a custom endpoint (S3-compatible servers), or {@code null} for AWS
 * @param pathStyleAccess whether to address the bucket in the path instead of the host name
 * @param accessKey the access key id, or {@code null} for the SDK's default credentials chain
 * @param secretKey the secret access key (secret), or {@code null}
 * @param sessionToken a session token for temporary credentials (secret), or {@code null}
 * @param multipartThreshold the size from which writes use a multipart upload
 * @param partSize the size of each multipart part (at least 5 MiB)
 * @param uploadConcurrency how many parts one stream uploads at the same time; bounds its memory to
 *     {@code (uploadConcurrency + 1) * partSize}
 * @param sse server-side encryption: {@code null}, {@code AES256} or {@code aws:kms}
 * @param sseKmsKeyId the KMS key for {@code aws:kms}, or {@code null} for the bucket default
 * @param maxConnections the HTTP connection pool size
 * @param maxAttempts attempts per request including the first (backoff on throttling and 5xx)
 * @param connectionTimeout TCP connect timeout
 * @param socketTimeout read timeout on an open connection
 * @param tmpPrefix the hidden key prefix for temporary objects of resumable writes (ends with /)
 * @param checksumsWhenSupported whether the SDK adds flexible checksums to every request that
 *     supports them ({@code false}: only where the service requires one)
 */
public record S3Settings(
    String bucket,
    String region,
    URI endpoint,
    boolean pathStyleAccess,
    String accessKey,
    String secretKey,
    String sessionToken,
    long multipartThreshold,
    long partSize,
    int uploadConcurrency,
    String sse,
    String sseKmsKeyId,
    int maxConnections,
    int maxAttempts,
    Duration connectionTimeout,
    Duration socketTimeout,
    String tmpPrefix,
    boolean checksumsWhenSupported) {

  /** The smallest part S3 accepts (except for the last part). */
  public static final long MIN_PART_SIZE = 5L << 20;

  /** The largest part S3 accepts. */
  public static final long MAX_PART_SIZE = 5L << 30;

  /** Default part size: 8 MiB. */
  public static final long DEFAULT_PART_SIZE = 8L << 20;

  /** Parses and validates the options of {@code config}; errors name the offending key. */
  public static S3Settings from(BackendConfig config) {
    String bucket = config.require("bucket");
    String region = config.get("region", "us-east-1");
    URI endpoint = null;
    String endpointText = config.get("endpoint");
    if (endpointText != null) {
      try {
        endpoint = new URI(endpointText);
      } catch (URISyntaxException e) {
        throw new ConfigException(
            config.key("endpoint"),
            "Malformed value '" + endpointText + "' for " + config.key("endpoint") + ": not a URI");
      }
      if (endpoint.getScheme() == null || endpoint.getHost() == null) {
        throw new ConfigException(
            config.key("endpoint"),
            "Malformed value '"
                + endpointText
                + "' for "
                + config.key("endpoint")
                + ": expected http(s)://host[:port]");
      }
    }
    boolean pathStyle = config.getBoolean("path-style-access", false);
    String accessKey = config.get("access-key");
    String secretKey = config.get("secret-key");
    if ((accessKey == null) != (secretKey == null)) {
      String missing = accessKey == null ? "access-key" : "secret-key";
      throw new ConfigException(
          config.key(missing),
          "Missing option "
              + config.key(missing)
              + ": access-key and secret-key must be given together (or neither, to use the"
              + " default credentials chain)");
    }
    String sessionToken = config.get("session-token");
    long partSize = config.getBytes("part-size", DEFAULT_PART_SIZE);
    if (partSize < MIN_PART_SIZE || partSize > MAX_PART_SIZE) {
      throw new ConfigException(
          config.key("part-size"),
          "Invalid value "
              + partSize
              + " for "
              + config.key("part-size")
              + ": S3 parts must be between 5mb and 5gb");
    }
    long threshold = config.getBytes("multipart-threshold", partSize);
    if (threshold < 1 || threshold > MAX_PART_SIZE) {
      throw new ConfigException(
          config.key("multipart-threshold"),
          "Invalid value "
              + threshold
              + " for "
              + config.key("multipart-threshold")
              + ": must be between 1 byte and 5gb");
    }
    int concurrency = config.getInt("upload-concurrency", 2);
    if (concurrency < 1 || concurrency > 64) {
      throw new ConfigException(
          config.key("upload-concurrency"),
          "Invalid value "
              + concurrency
              + " for "
              + config.key("upload-concurrency")
              + ": must be between 1 and 64");
    }
    String sse = config.get("sse");
    if (sse != null) {
      String normalized = sse.toLowerCase(Locale.ROOT);
      if (normalized.equals("aes256")) {
        sse = "AES256";
      } else if (normalized.equals("aws:kms") || normalized.equals("kms")) {
        sse = "aws:kms";
      } else if (normalized.equals("none")) {
        sse = null;
      } else {
        throw new ConfigException(
            config.key("sse"),
            "Malformed value '"
                + sse
                + "' for "
                + config.key("sse")
                + ": expected AES256, aws:kms or none");
      }
    }
    String kmsKey = config.get("sse-kms-key-id");
    if (kmsKey != null && !"aws:kms".equals(sse)) {
      throw new ConfigException(
          config.key("sse-kms-key-id"),
          config.key("sse-kms-key-id") + " requires " + config.key("sse") + " = aws:kms");
    }
    int maxConnections = config.getInt("max-connections", 50);
    if (maxConnections < 1) {
      throw new ConfigException(
          config.key("max-connections"),
          "Invalid value " + maxConnections + " for " + config.key("max-connections"));
    }
    int maxAttempts = config.getInt("retries", 5);
    if (maxAttempts < 1 || maxAttempts > 50) {
      throw new ConfigException(
          config.key("retries"),
          "Invalid value "
              + maxAttempts
              + " for "
              + config.key("retries")
              + ": the number of attempts must be between 1 and 50");
    }
    Duration connectTimeout =
        config.getDuration("connection-timeout", Duration.ofSeconds(10)); // connect
    Duration socketTimeout = config.getDuration("socket-timeout", Duration.ofSeconds(60));
    String tmpPrefix = config.get("tmp-prefix", "_rs_tmp/");
    while (tmpPrefix.startsWith("/")) {
      tmpPrefix = tmpPrefix.substring(1);
    }
    if (tmpPrefix.isEmpty()) {
      throw new ConfigException(
          config.key("tmp-prefix"), config.key("tmp-prefix") + " must not be empty");
    }
    if (!tmpPrefix.endsWith("/")) {
      tmpPrefix = tmpPrefix + "/";
    }
    String checksums =
        config.get("checksums", endpoint == null ? "when-supported" : "when-required");
    boolean whenSupported;
    switch (checksums.toLowerCase(Locale.ROOT)) {
      case "when-supported" -> whenSupported = true;
      case "when-required" -> whenSupported = false;
      default ->
          throw new ConfigException(
              config.key("checksums"),
              "Malformed value '"
                  + checksums
                  + "' for "
                  + config.key("checksums")
                  + ": expected when-supported or when-required");
    }
    return new S3Settings(
        bucket,
        region,
        endpoint,
        pathStyle,
        accessKey,
        secretKey,
        sessionToken,
        threshold,
        partSize,
        concurrency,
        sse,
        kmsKey,
        maxConnections,
        maxAttempts,
        connectTimeout,
        socketTimeout,
        tmpPrefix,
        whenSupported);
  }

  /** Shows every setting except the secrets, which appear as {@code ****}. */
  @Override
  public String toString() {
    return "S3Settings{bucket="
        + bucket
        + ", region="
        + region
        + ", endpoint="
        + endpoint
        + ", pathStyleAccess="
        + pathStyleAccess
        + ", accessKey="
        + accessKey
        + ", secretKey="
        + (secretKey == null ? "null" : "****")
        + ", sessionToken="
        + (sessionToken == null ? "null" : "****")
        + ", multipartThreshold="
        + multipartThreshold
        + ", partSize="
        + partSize
        + ", uploadConcurrency="
        + uploadConcurrency
        + ", sse="
        + sse
        + ", maxConnections="
        + maxConnections
        + ", maxAttempts="
        + maxAttempts
        + ", tmpPrefix="
        + tmpPrefix
        + "}";
  }
}
