package org.remotestore.s3;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/** Builds the AWS SDK client of an {@code s3} backend from its settings. */
final class S3Clients {
  private S3Clients() {}

  /**
   * A client with the settings' credentials (static keys, or the SDK's default chain), region,
   * endpoint, addressing style, checksum mode, connection pool and SDK retry attempts.
   */
  static S3Client build(S3Settings settings) {
    AwsCredentialsProvider credentials;
    if (settings.accessKey() != null) {
      credentials =
          StaticCredentialsProvider.create(
              settings.sessionToken() == null
                  ? AwsBasicCredentials.create(settings.accessKey(), settings.secretKey())
                  : AwsSessionCredentials.create(
                      settings.accessKey(), settings.secretKey(), settings.sessionToken()));
    } else {
      credentials = DefaultCredentialsProvider.builder().build();
    }
    S3ClientBuilder builder =
        S3Client.builder()
            .region(Region.of(settings.region()))
            .credentialsProvider(credentials)
            .forcePathStyle(settings.pathStyleAccess())
            .requestChecksumCalculation(
                settings.checksumsWhenSupported()
                    ? RequestChecksumCalculation.WHEN_SUPPORTED
                    : RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(
                settings.checksumsWhenSupported()
                    ? ResponseChecksumValidation.WHEN_SUPPORTED
                    : ResponseChecksumValidation.WHEN_REQUIRED)
            .httpClientBuilder(
                Apache5HttpClient.builder()
                    .maxConnections(settings.maxConnections())
                    .connectionTimeout(settings.connectionTimeout())
                    .socketTimeout(settings.socketTimeout()))
            .overrideConfiguration(
                o -> o.retryStrategy(b -> b.maxAttempts(settings.maxAttempts())));
    if (settings.endpoint() != null) {
      builder.endpointOverride(settings.endpoint());
    }
    return builder.build();
  }
}
