package org.remotestore.azure;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;
import org.remotestore.BackendConfig;
import org.remotestore.ConfigException;

/**
 * The validated, immutable options of one {@code azure} backend. Secret values are kept here only
 * to build the SDK client; {@link #toString()} never shows them.
 */
final class AzureBlobSettings {
  static final String ACCOUNT_NAME = "account-name";
  static final String CONTAINER = "container";
  static final String ENDPOINT = "endpoint";
  static final String CONNECTION_STRING = "connection-string";
  static final String ACCOUNT_KEY = "account-key";
  static final String SAS_TOKEN = "sas-token";
  static final String BLOCK_SIZE = "block-size";
  static final String MAX_CONCURRENCY = "max-concurrency";
  static final String MAX_CONNECTIONS = "max-connections";
  static final String CREATE_CONTAINER = "create-container";
  static final String READ_BLOCK_SIZE = "read-block-size";
  static final String CONNECT_TIMEOUT = "connect-timeout";
  static final String REQUEST_TIMEOUT = "request-timeout";
  static final String MAX_RETRIES = "max-retries";
  static final String RETRY_DELAY = "retry-delay";
  static final String MAX_RETRY_DELAY = "max-retry-delay";
  static final String COPY_TIMEOUT = "copy-timeout";

  static final long DEFAULT_BLOCK_SIZE = 8L << 20;
  static final long MIN_BLOCK_SIZE = 1L << 10;
  static final long MAX_BLOCK_SIZE = 256L << 20;

  /** Container names: 3-63 lower-case letters, digits and single hyphens. */
  private static final Pattern CONTAINER_NAME =
      Pattern.compile("^(?=.{3,63}$)[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9]))*$");

  private static final Pattern ACCOUNT_NAME_PATTERN = Pattern.compile("^[a-z0-9]{3,24}$");

  /** How the client authenticates. */
  enum Auth {
    CONNECTION_STRING,
    ACCOUNT_KEY,
    SAS_TOKEN,
    DEFAULT_CREDENTIAL
  }

  final String backendName;
  final String accountName;
  final String container;
  final String endpoint;
  final Auth auth;
  final String connectionString;
  final String accountKey;
  final String sasToken;
  final int blockSize;
  final int readBlockSize;
  final int maxConcurrency;

  /** Pooled HTTP connections; a reader streaming the rest of a range holds one until done. */
  final int maxConnections;

  /** The full key of {@link #maxConnections}, for the error of an exhausted pool. */
  final String maxConnectionsKey;

  final boolean createContainer;
  final Duration connectTimeout;
  final Duration requestTimeout;
  final int maxRetries;
  final Duration retryDelay;
  final Duration maxRetryDelay;
  final Duration copyTimeout;

  AzureBlobSettings(BackendConfig config) {
    this.backendName = config.name();
    this.connectionString = config.get(CONNECTION_STRING);
    this.accountKey = config.get(ACCOUNT_KEY);
    this.sasToken = stripQuestionMark(config.get(SAS_TOKEN));
    int credentials =
        (connectionString != null ? 1 : 0)
            + (accountKey != null ? 1 : 0)
            + (sasToken != null ? 1 : 0);
    if (credentials > 1) {
      throw new ConfigException(
          config.key(CONNECTION_STRING),
          "Give at most one of "
              + config.key(CONNECTION_STRING)
              + ", "
              + config.key(ACCOUNT_KEY)
              + " and "
              + config.key(SAS_TOKEN)
              + " (none: the Azure default credential is used)");
    }
    this.auth =
        connectionString != null
            ? Auth.CONNECTION_STRING
            : accountKey != null
                ? Auth.ACCOUNT_KEY
                : sasToken != null ? Auth.SAS_TOKEN : Auth.DEFAULT_CREDENTIAL;
    if (auth == Auth.DEFAULT_CREDENTIAL) {
      AzureIdentity.require(config, AzureBlobSettings.class.getClassLoader());
    }

    String account = config.get(ACCOUNT_NAME);
    if (account == null && auth != Auth.CONNECTION_STRING) {
      account = config.require(ACCOUNT_NAME);
    }
    if (account != null && !ACCOUNT_NAME_PATTERN.matcher(account).matches()) {
      throw new ConfigException(
          config.key(ACCOUNT_NAME),
          "Malformed value '"
              + account
              + "' for "
              + config.key(ACCOUNT_NAME)
              + ": expected 3-24 lower-case letters and digits");
    }
    this.accountName = account;

    String containerName = config.require(CONTAINER);
    if (!CONTAINER_NAME.matcher(containerName).matches()) {
      throw new ConfigException(
          config.key(CONTAINER),
          "Malformed value '"
              + containerName
              + "' for "
              + config.key(CONTAINER)
              + ": expected 3-63 lower-case letters, digits and single hyphens");
    }
    this.container = containerName;

    String endpointValue = config.get(ENDPOINT);
    if (endpointValue != null) {
      endpointValue = validateEndpoint(config, endpointValue);
    } else if (auth != Auth.CONNECTION_STRING) {
      endpointValue = "https://" + accountName + ".blob.core.windows.net";
    }
    this.endpoint = endpointValue;

    this.blockSize =
        (int) boundedBytes(config, BLOCK_SIZE, DEFAULT_BLOCK_SIZE, MIN_BLOCK_SIZE, MAX_BLOCK_SIZE);
    this.readBlockSize =
        (int) boundedBytes(config, READ_BLOCK_SIZE, 4L << 20, MIN_BLOCK_SIZE, MAX_BLOCK_SIZE);
    this.maxConcurrency = boundedInt(config, MAX_CONCURRENCY, 4, 1, 64);
    this.maxConnections = boundedInt(config, MAX_CONNECTIONS, 64, 1, 4096);
    this.maxConnectionsKey = config.key(MAX_CONNECTIONS);
    this.createContainer = config.getBoolean(CREATE_CONTAINER, false);
    this.connectTimeout = positive(config, CONNECT_TIMEOUT, Duration.ofSeconds(10));
    this.requestTimeout = positive(config, REQUEST_TIMEOUT, Duration.ofMinutes(5));
    this.maxRetries = boundedInt(config, MAX_RETRIES, 4, 0, 20);
    this.retryDelay = positive(config, RETRY_DELAY, Duration.ofMillis(800));
    this.maxRetryDelay = positive(config, MAX_RETRY_DELAY, Duration.ofSeconds(30));
    if (maxRetryDelay.compareTo(retryDelay) < 0) {
      throw new ConfigException(
          config.key(MAX_RETRY_DELAY),
          config.key(MAX_RETRY_DELAY) + " must not be shorter than " + config.key(RETRY_DELAY));
    }
    this.copyTimeout = positive(config, COPY_TIMEOUT, Duration.ofMinutes(30));
  }

  private static String stripQuestionMark(String sas) {
    return sas != null && sas.startsWith("?") ? sas.substring(1) : sas;
  }

  private static String validateEndpoint(BackendConfig config, String value) {
    String key = config.key(ENDPOINT);
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      throw new ConfigException(
          key, "Malformed value for " + key + ": expected a URL such as https://host/");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
      throw new ConfigException(
          key, "Malformed value for " + key + ": expected an http or https URL with a host");
    }
    if (uri.getRawQuery() != null || uri.getRawUserInfo() != null) {
      // a query would most likely be a SAS: keep secrets in their own (masked) option
      throw new ConfigException(
          key,
          key
              + " must not carry a query or user info; put a SAS token in "
              + config.key(SAS_TOKEN));
    }
    return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
  }

  private static long boundedBytes(
      BackendConfig config, String option, long fallback, long min, long max) {
    long v = config.getBytes(option, fallback);
    if (v < min || v > max) {
      throw new ConfigException(
          config.key(option),
          config.key(option) + " must be between " + min + " and " + max + " bytes, was " + v);
    }
    return v;
  }

  private static int boundedInt(
      BackendConfig config, String option, int fallback, int min, int max) {
    int v = config.getInt(option, fallback);
    if (v < min || v > max) {
      throw new ConfigException(
          config.key(option),
          config.key(option) + " must be between " + min + " and " + max + ", was " + v);
    }
    return v;
  }

  private static Duration positive(BackendConfig config, String option, Duration fallback) {
    Duration d = config.getDuration(option, fallback);
    if (d.isNegative() || d.isZero()) {
      throw new ConfigException(config.key(option), config.key(option) + " must be positive");
    }
    return d;
  }

  @Override
  public String toString() {
    return "account="
        + (accountName == null ? "(from connection string)" : accountName)
        + ", container="
        + container
        + ", endpoint="
        + (endpoint == null ? "(from connection string)" : endpoint)
        + ", auth="
        + auth.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
