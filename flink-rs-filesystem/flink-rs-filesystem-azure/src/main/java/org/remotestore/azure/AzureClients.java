package org.remotestore.azure;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Builds the Blob REST client and the block-staging pool of an {@code azure} backend. */
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

  /**
   * Builds the REST client of a backend: endpoint and credentials from the options or the
   * connection string ({@code endpoint} overrides the connection string's), Shared Key signing, a
   * SAS query, or bearer tokens of the default credential chain.
   *
   * @throws IllegalArgumentException when the connection string or account key is malformed (the
   *     message never holds a value)
   */
  static BlobRestClient buildRestClient(AzureBlobSettings s) {
    String endpoint = s.endpoint;
    SharedKeySigner signer = null;
    String sas = null;
    AzureTokenSource tokens = null;
    switch (s.auth) {
      case CONNECTION_STRING -> {
        AzureConnectionString cs = AzureConnectionString.parse(s.connectionString);
        if (cs.accountKey != null) {
          signer = signer(cs.accountName, cs.accountKey);
        } else {
          sas = cs.sas;
        }
        if (endpoint == null) {
          endpoint = cs.blobEndpoint;
        }
      }
      case ACCOUNT_KEY -> signer = signer(s.accountName, s.accountKey);
      case SAS_TOKEN -> sas = s.sasToken;
      case DEFAULT_CREDENTIAL ->
          tokens = AzureIdentity.tokenSource(AzureClients.class.getClassLoader());
    }
    return new BlobRestClient(new BlobHttp(s, signer, sas, tokens), endpoint, s.container);
  }

  private static SharedKeySigner signer(String account, String key) {
    try {
      return new SharedKeySigner(account, key);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the account key is not Base64");
    }
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
