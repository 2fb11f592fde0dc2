package org.remotestore.azure;

import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.HttpLogDetailLevel;
import com.azure.core.http.policy.HttpLogOptions;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.common.StorageSharedKeyCredential;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Builds the Azure SDK clients and the block-staging pool of an {@code azure} backend. */
final class AzureClients {
  private AzureClients() {}

  static String credentialOption(AzureBlobSettings s) {
    return switch (s.auth) {
      case CONNECTION_STRING -> AzureBlobSettings.CONNECTION_STRING;
      case ACCOUNT_KEY -> AzureBlobSettings.ACCOUNT_KEY;
      case SAS_TOKEN -> AzureBlobSettings.SAS_TOKEN;
      case DEFAULT_CREDENTIAL -> AzureBlobSettings.ENDPOINT;
    };
  }

  static BlobServiceClient buildServiceClient(AzureBlobSettings s) {
    HttpClient http =
        new JdkHttpClientBuilder(
                java.net.http.HttpClient.newBuilder()
                    .version(java.net.http.HttpClient.Version.HTTP_1_1))
            .connectionTimeout(s.connectTimeout)
            .build();
    RequestRetryOptions retry =
        new RequestRetryOptions(
            RetryPolicyType.EXPONENTIAL,
            s.maxRetries + 1,
            s.requestTimeout,
            s.retryDelay,
            s.maxRetryDelay,
            null);
    BlobServiceClientBuilder builder =
        new BlobServiceClientBuilder()
            .httpClient(http)
            .retryOptions(retry)
            .httpLogOptions(new HttpLogOptions().setLogLevel(HttpLogDetailLevel.NONE));
    switch (s.auth) {
      case CONNECTION_STRING -> builder.connectionString(s.connectionString);
      case ACCOUNT_KEY ->
          builder.credential(new StorageSharedKeyCredential(s.accountName, s.accountKey));
      case SAS_TOKEN -> builder.sasToken(s.sasToken);
      case DEFAULT_CREDENTIAL -> builder.credential(new DefaultAzureCredentialBuilder().build());
    }
    if (s.endpoint != null) {
      builder.endpoint(s.endpoint);
    }
    return builder.buildClient();
  }

  /** The daemon pool that stages blocks of this backend's writes in parallel. */
  static ExecutorService stagingPool(AzureBlobSettings settings) {
    AtomicInteger threadCount = new AtomicInteger();
    int threads = Math.max(2, settings.maxConcurrency * 2);
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t =
                  new Thread(
                      r,
                      "rs-azure-"
                          + settings.backendName
                          + "-stage-"
                          + threadCount.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }
}
