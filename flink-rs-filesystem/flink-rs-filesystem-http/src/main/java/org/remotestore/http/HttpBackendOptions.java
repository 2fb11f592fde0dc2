package org.remotestore.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.remotestore.BackendConfig;
import org.remotestore.ConfigException;

/**
 * Immutable, validated options of one {@code http} backend, read from {@code
 * rs.backends.<name>.<option>}.
 *
 * @param baseUrl the URL keys resolve against; always ends with {@code /}, never has a fragment
 * @param connectTimeout how long to wait for a TCP connection (and for a pooled one)
 * @param readTimeout how long a read may wait for the next bytes
 * @param maxConnections pooled connections, per route and in total
 * @param retries how many times a failed idempotent request is retried (0: never)
 * @param retryBaseDelay the first back-off delay; doubles per retry
 * @param retryMaxDelay the longest single back-off delay (before jitter)
 * @param retryMaxTotal the longest total time spent waiting between retries of one request,
 *     including waits asked for by {@code Retry-After}
 * @param userAgent the {@code User-Agent} header
 * @param gzip whether whole-file reads ask for {@code gzip} and decompress transparently
 * @param followRedirects whether redirects to the same host are followed
 * @param allowCrossHostRedirects whether redirects to another host are followed too
 * @param headers extra request headers, from {@code headers.<Name>} options
 */
public record HttpBackendOptions(
    URI baseUrl,
    Duration connectTimeout,
    Duration readTimeout,
    int maxConnections,
    int retries,
    Duration retryBaseDelay,
    Duration retryMaxDelay,
    Duration retryMaxTotal,
    String userAgent,
    boolean gzip,
    boolean followRedirects,
    boolean allowCrossHostRedirects,
    Map<String, String> headers) {

  /** Option {@code base-url} (required). */
  public static final String BASE_URL = "base-url";

  /** Option {@code connect-timeout} (default 10s). */
  public static final String CONNECT_TIMEOUT = "connect-timeout";

  /** Option {@code read-timeout} (default 30s). */
  public static final String READ_TIMEOUT = "read-timeout";

  /** Option {@code max-connections} (default 16). */
  public static final String MAX_CONNECTIONS = "max-connections";

  /** Option {@code retries} (default 3). */
  public static final String RETRIES = "retries";

  /** Option {@code retry-base-delay} (default 200ms). */
  public static final String RETRY_BASE_DELAY = "retry-base-delay";

  /** Option {@code retry-max-delay} (default 10s). */
  public static final String RETRY_MAX_DELAY = "retry-max-delay";

  /** Option {@code retry-max-total} (default 60s). */
  public static final String RETRY_MAX_TOTAL = "retry-max-total";

  /** Option {@code user-agent}. */
  public static final String USER_AGENT = "user-agent";

  /** Option {@code gzip} (default true). */
  public static final String GZIP = "gzip";

  /** Option {@code follow-redirects} (default true; same host only). */
  public static final String FOLLOW_REDIRECTS = "follow-redirects";

  /** Option {@code allow-cross-host-redirects} (default false). */
  public static final String ALLOW_CROSS_HOST_REDIRECTS = "allow-cross-host-redirects";

  /** Prefix of the extra-header options, as in {@code headers.Accept-Language}. */
  public static final String HEADER_PREFIX = "headers.";

  /** The default {@code User-Agent}. */
  public static final String DEFAULT_USER_AGENT = "remote-store-flink/0.1 (http backend)";

  /** Every fixed option name (extra headers come on top, as {@code headers.<Name>}). */
  public static final Set<String> OPTION_NAMES =
      Set.of(
          BASE_URL,
          CONNECT_TIMEOUT,
          READ_TIMEOUT,
          MAX_CONNECTIONS,
          RETRIES,
          RETRY_BASE_DELAY,
          RETRY_MAX_DELAY,
          RETRY_MAX_TOTAL,
          USER_AGENT,
          GZIP,
          FOLLOW_REDIRECTS,
          ALLOW_CROSS_HOST_REDIRECTS);

  /** Headers the backend sets itself; configuring them is refused. */
  private static final Set<String> RESERVED_HEADERS =
      Set.of(
          "host",
          "range",
          "if-none-match",
          "if-modified-since",
          "if-range",
          "accept-encoding",
          "content-length",
          "transfer-encoding",
          "connection",
          "user-agent");

  /** Validates and copies. */
  public HttpBackendOptions {
    Objects.requireNonNull(baseUrl, "baseUrl");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(readTimeout, "readTimeout");
    Objects.requireNonNull(retryBaseDelay, "retryBaseDelay");
    Objects.requireNonNull(retryMaxDelay, "retryMaxDelay");
    Objects.requireNonNull(retryMaxTotal, "retryMaxTotal");
    Objects.requireNonNull(userAgent, "userAgent");
    headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
  }

  /** Defaults for everything except the base URL. */
  public static HttpBackendOptions defaults(URI baseUrl) {
    return new HttpBackendOptions(
        normaliseBaseUrl(baseUrl.toString(), BASE_URL),
        Duration.ofSeconds(10),
        Duration.ofSeconds(30),
        16,
        3,
        Duration.ofMillis(200),
        Duration.ofSeconds(10),
        Duration.ofSeconds(60),
        DEFAULT_USER_AGENT,
        true,
        true,
        false,
        Map.of());
  }

  /** Reads and validates the options; errors name the full key. */
  public static HttpBackendOptions fromConfig(BackendConfig config) {
    URI base = normaliseBaseUrl(config.require(BASE_URL), config.key(BASE_URL));
    HttpBackendOptions d = defaults(base);
    Map<String, String> headers = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : config.options().entrySet()) {
      if (!e.getKey().startsWith(HEADER_PREFIX)) {
        continue;
      }
      String name = e.getKey().substring(HEADER_PREFIX.length());
      if (!name.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
        throw new ConfigException(
            config.key(e.getKey()),
            "Malformed header name '" + name + "' in " + config.key(e.getKey()));
      }
      if (RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
        throw new ConfigException(
            config.key(e.getKey()),
            "Header '"
                + name
                + "' is set by the http backend itself and cannot be configured ("
                + config.key(e.getKey())
                + ")");
      }
      headers.put(name, e.getValue() == null ? "" : e.getValue().trim());
    }
    HttpBackendOptions options =
        new HttpBackendOptions(
            base,
            positive(
                config, CONNECT_TIMEOUT, config.getDuration(CONNECT_TIMEOUT, d.connectTimeout)),
            positive(config, READ_TIMEOUT, config.getDuration(READ_TIMEOUT, d.readTimeout)),
            atLeast(config, MAX_CONNECTIONS, config.getInt(MAX_CONNECTIONS, d.maxConnections), 1),
            atLeast(config, RETRIES, config.getInt(RETRIES, d.retries), 0),
            config.getDuration(RETRY_BASE_DELAY, d.retryBaseDelay),
            config.getDuration(RETRY_MAX_DELAY, d.retryMaxDelay),
            config.getDuration(RETRY_MAX_TOTAL, d.retryMaxTotal),
            config.get(USER_AGENT, d.userAgent),
            config.getBoolean(GZIP, d.gzip),
            config.getBoolean(FOLLOW_REDIRECTS, d.followRedirects),
            config.getBoolean(ALLOW_CROSS_HOST_REDIRECTS, d.allowCrossHostRedirects),
            headers);
    return options;
  }

  /** The same options with another retry configuration (handy in tests). */
  public HttpBackendOptions withRetries(
      int retries, Duration baseDelay, Duration maxDelay, Duration maxTotal) {
    return new HttpBackendOptions(
        baseUrl,
        connectTimeout,
        readTimeout,
        maxConnections,
        retries,
        baseDelay,
        maxDelay,
        maxTotal,
        userAgent,
        gzip,
        followRedirects,
        allowCrossHostRedirects,
        headers);
  }

  /** The same options with other redirect rules. */
  public HttpBackendOptions withRedirects(boolean follow, boolean allowCrossHost) {
    return new HttpBackendOptions(
        baseUrl,
        connectTimeout,
        readTimeout,
        maxConnections,
        retries,
        retryBaseDelay,
        retryMaxDelay,
        retryMaxTotal,
        userAgent,
        gzip,
        follow,
        allowCrossHost,
        headers);
  }

  /** The same options with gzip on or off. */
  public HttpBackendOptions withGzip(boolean enabled) {
    return new HttpBackendOptions(
        baseUrl,
        connectTimeout,
        readTimeout,
        maxConnections,
        retries,
        retryBaseDelay,
        retryMaxDelay,
        retryMaxTotal,
        userAgent,
        enabled,
        followRedirects,
        allowCrossHostRedirects,
        headers);
  }

  /** The same options with another connection limit and timeouts. */
  public HttpBackendOptions withConnections(
      int maxConnections, Duration connectTimeout, Duration readTimeout) {
    return new HttpBackendOptions(
        baseUrl,
        connectTimeout,
        readTimeout,
        maxConnections,
        retries,
        retryBaseDelay,
        retryMaxDelay,
        retryMaxTotal,
        userAgent,
        gzip,
        followRedirects,
        allowCrossHostRedirects,
        headers);
  }

  /** Shows the options with the base URL stripped of user info and query (they may be secret). */
  @Override
  public String toString() {
    return "HttpBackendOptions{baseUrl="
        + HttpUrls.forMessages(baseUrl)
        + ", connectTimeout="
        + connectTimeout
        + ", readTimeout="
        + readTimeout
        + ", maxConnections="
        + maxConnections
        + ", retries="
        + retries
        + ", userAgent="
        + userAgent
        + ", gzip="
        + gzip
        + ", followRedirects="
        + followRedirects
        + ", allowCrossHostRedirects="
        + allowCrossHostRedirects
        + ", headers="
        + headers.keySet()
        + "}";
  }

  private static URI normaliseBaseUrl(String text, String key) {
    URI uri;
    try {
      uri = new URI(text.trim());
    } catch (URISyntaxException e) {
      throw new ConfigException(
          key,
          "Malformed URL for " + key + ": " + e.getReason() + " (expected http(s)://host/...)");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new ConfigException(key, "The URL for " + key + " must start with http:// or https://");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new ConfigException(key, "The URL for " + key + " has no host name");
    }
    if (uri.getRawFragment() != null) {
      throw new ConfigException(key, "The URL for " + key + " must not have a #fragment");
    }
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    if (!path.endsWith("/")) {
      path = path + "/";
    }
    try {
      StringBuilder sb = new StringBuilder(scheme).append("://");
      if (uri.getRawUserInfo() != null) {
        sb.append(uri.getRawUserInfo()).append('@');
      }
      sb.append(uri.getRawAuthority().substring(uri.getRawAuthority().indexOf('@') + 1));
      sb.append(path);
      if (uri.getRawQuery() != null) {
        sb.append('?').append(uri.getRawQuery());
      }
      return new URI(sb.toString());
    } catch (URISyntaxException e) {
      throw new ConfigException(key, "Malformed URL for " + key + ": " + e.getReason());
    }
  }

  private static Duration positive(BackendConfig config, String option, Duration value) {
    if (value.isZero() || value.isNegative()) {
      throw new ConfigException(
          config.key(option), "The value of " + config.key(option) + " must be positive");
    }
    return value;
  }

  private static int atLeast(BackendConfig config, String option, int value, int min) {
    if (value < min) {
      throw new ConfigException(
          config.key(option),
          "The value of " + config.key(option) + " must be at least " + min + ", not " + value);
    }
    return value;
  }
}
