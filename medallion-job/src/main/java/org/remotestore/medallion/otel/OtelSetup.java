package org.remotestore.medallion.otel;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenTelemetry SDK of the medallion job and the demo, built by the SDK's autoconfiguration
 * from {@code otel.*} properties and registered as {@link GlobalOpenTelemetry}, where the stores'
 * {@code OpenTelemetryObserver}s find it.
 *
 * <p>Settings are taken, highest first, from the explicit map given to {@link #install} (the job's
 * {@code otel.} keys from its configuration file and flags), Java system properties ({@code
 * -Dotel.traces.exporter=otlp}) and environment variables ({@code OTEL_TRACES_EXPORTER=otlp}). The
 * default exporter of traces, metrics and logs is {@code none}: then no SDK is built at all and
 * telemetry costs nothing. Supported exporters: {@code none}, {@code console} (or {@code logging},
 * printing through {@code java.util.logging}), {@code logging-otlp} (OTLP JSON on the log) and
 * {@code otlp} ({@code otel.exporter.otlp.protocol} {@code http/protobuf} or {@code grpc}, {@code
 * otel.exporter.otlp.endpoint}). Every other {@code otel.*} property of the SDK's autoconfiguration
 * works as documented there ({@code otel.service.name}, {@code otel.bsp.schedule.delay}, {@code
 * otel.metric.export.interval}, ...).
 *
 * <pre>{@code
 * try (OtelSetup otel = OtelSetup.install(Map.of("otel.traces.exporter", "console"))) {
 *   env.execute("medallion"); // every store operation of the stores built after install is a span
 * } // flushes and shuts the SDK down
 * }</pre>
 *
 * <p>The SDK reaches the stores in the same JVM: the client, and the tasks of a local environment
 * or MiniCluster. On a Flink cluster the tasks run in the TaskManagers; there the OpenTelemetry
 * Java agent (or an SDK the TaskManager registers globally) plays this part.
 */
public final class OtelSetup implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OtelSetup.class);

  /** Key of the span exporter(s), comma-separated. */
  public static final String TRACES_EXPORTER = "otel.traces.exporter";

  /** Key of the metric exporter(s), comma-separated. */
  public static final String METRICS_EXPORTER = "otel.metrics.exporter";

  /** Key of the log record exporter(s), comma-separated. */
  public static final String LOGS_EXPORTER = "otel.logs.exporter";

  /** Key of the OTLP endpoint, for example {@code http://localhost:4318}. */
  public static final String OTLP_ENDPOINT = "otel.exporter.otlp.endpoint";

  /** Key of the OTLP protocol: {@code http/protobuf} or {@code grpc}. */
  public static final String OTLP_PROTOCOL = "otel.exporter.otlp.protocol";

  /** Key of the service name on every span and metric. */
  public static final String SERVICE_NAME = "otel.service.name";

  /** The service name unless one is set. */
  public static final String DEFAULT_SERVICE_NAME = "medallion-job";

  /** The exporter names this set-up accepts for each exporter key. */
  public static final Set<String> EXPORTERS =
      Set.of("none", "console", "logging", "logging-otlp", "otlp");

  private static final List<String> EXPORTER_KEYS =
      List.of(TRACES_EXPORTER, METRICS_EXPORTER, LOGS_EXPORTER);
  private static final Set<String> PROTOCOLS = Set.of("http/protobuf", "grpc");

  private final OpenTelemetrySdk sdk;

  private OtelSetup(OpenTelemetrySdk sdk) {
    this.sdk = sdk;
  }

  /**
   * Builds the SDK from {@code explicit} {@code otel.*} settings (which win over system properties
   * and environment variables) and registers it as {@link GlobalOpenTelemetry}, unless every
   * exporter is {@code none}: then nothing is built or registered.
   *
   * @throws IllegalArgumentException naming the key when an exporter or protocol is unknown or the
   *     SDK rejects a setting
   *     <p>When {@link GlobalOpenTelemetry} is already set (by the OpenTelemetry Java agent, or
   *     because something used it before this call) that instance stays, a warning is logged and
   *     the returned set-up is disabled.
   */
  public static OtelSetup install(Map<String, String> explicit) {
    return install(explicit, System.getenv());
  }

  static OtelSetup install(Map<String, String> explicit, Map<String, String> environment) {
    Map<String, String> settings = new TreeMap<>(explicit);
    boolean anyExporter = false;
    for (String key : EXPORTER_KEYS) {
      String value = effective(key, settings, environment);
      for (String name : value.split(",")) {
        String trimmed = name.trim().toLowerCase(Locale.ROOT);
        if (!EXPORTERS.contains(trimmed)) {
          throw new IllegalArgumentException(
              "Unknown OpenTelemetry exporter '"
                  + name.trim()
                  + "' for "
                  + key
                  + " (from "
                  + origin(key, settings, environment)
                  + "); expected one or more of "
                  + EXPORTERS.stream().sorted().toList());
        }
        anyExporter |= !trimmed.equals("none");
      }
    }
    String protocol = raw(OTLP_PROTOCOL, settings, environment);
    if (protocol != null && !PROTOCOLS.contains(protocol.trim())) {
      throw new IllegalArgumentException(
          "Unknown OTLP protocol '"
              + protocol
              + "' for "
              + OTLP_PROTOCOL
              + " (from "
              + origin(OTLP_PROTOCOL, settings, environment)
              + "); expected http/protobuf or grpc");
    }
    if (!anyExporter) {
      LOG.debug("OpenTelemetry: every exporter is none, no SDK installed");
      return new OtelSetup(null);
    }
    Map<String, String> defaults = new LinkedHashMap<>();
    for (String key : EXPORTER_KEYS) {
      defaults.put(key, "none");
    }
    defaults.put(SERVICE_NAME, DEFAULT_SERVICE_NAME);
    Function<io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties, Map<String, String>>
        overrides = config -> settings;
    OpenTelemetrySdk sdk;
    try {
      sdk =
          AutoConfiguredOpenTelemetrySdk.builder()
              .addPropertiesSupplier(() -> defaults)
              .addPropertiesCustomizer(overrides)
              .disableShutdownHook()
              .build()
              .getOpenTelemetrySdk();
    } catch (ConfigurationException e) {
      // The SDK's message may quote a value (otel.exporter.otlp.headers holds credentials): keep
      // only what precedes the first '=' after the key, and drop the cause.
      throw new IllegalArgumentException(
          "Invalid OpenTelemetry setting: " + withoutValues(String.valueOf(e.getMessage())));
    }
    try {
      GlobalOpenTelemetry.set(sdk);
    } catch (IllegalStateException e) {
      // set by the OpenTelemetry Java agent, or used before this call: keep that one
      sdk.close();
      LOG.warn(
          "OpenTelemetry: the global instance is already set (by the Java agent, or used before"
              + " the set-up); the stores report to it and the otel.* settings are not applied");
      return new OtelSetup(null);
    }
    LOG.info(
        "OpenTelemetry SDK installed: traces {}, metrics {}, logs {}",
        effective(TRACES_EXPORTER, settings, environment),
        effective(METRICS_EXPORTER, settings, environment),
        effective(LOGS_EXPORTER, settings, environment));
    return new OtelSetup(sdk);
  }

  /** Whether an SDK was built (some exporter is not {@code none}). */
  public boolean enabled() {
    return sdk != null;
  }

  /** The installed SDK, or the no-op {@link OpenTelemetry} when none was built. */
  public OpenTelemetry openTelemetry() {
    return sdk == null ? OpenTelemetry.noop() : sdk;
  }

  /** Exports what is pending (spans and metrics), waiting up to 10 seconds. */
  public void flush() {
    if (sdk != null) {
      sdk.getSdkTracerProvider().forceFlush().join(10, TimeUnit.SECONDS);
      sdk.getSdkMeterProvider().forceFlush().join(10, TimeUnit.SECONDS);
      sdk.getSdkLoggerProvider().forceFlush().join(10, TimeUnit.SECONDS);
    }
  }

  /** Flushes and shuts the SDK down (waiting up to 10 seconds); it stays the global instance. */
  @Override
  public void close() {
    if (sdk != null) {
      flush();
      sdk.shutdown().join(10, TimeUnit.SECONDS);
    }
  }

  /** The value of an exporter key: {@link #raw}, or {@code none} when unset. */
  private static String effective(
      String key, Map<String, String> explicit, Map<String, String> environment) {
    String value = raw(key, explicit, environment);
    return value == null || value.isBlank() ? "none" : value.trim();
  }

  /** The value of {@code key}: explicit, else system property, else environment, else null. */
  private static String raw(
      String key, Map<String, String> explicit, Map<String, String> environment) {
    String value = explicit.get(key);
    if (value == null) {
      value = System.getProperty(key);
    }
    if (value == null) {
      value = environment.get(envName(key));
    }
    return value;
  }

  private static String origin(
      String key, Map<String, String> explicit, Map<String, String> environment) {
    if (explicit.containsKey(key)) {
      return "the job configuration";
    }
    if (System.getProperty(key) != null) {
      return "system property " + key;
    }
    return "environment variable " + envName(key);
  }

  /** {@code message} cut at the first {@code =}, so no value is echoed. */
  static String withoutValues(String message) {
    int eq = message.indexOf('=');
    return eq < 0 ? message : message.substring(0, eq) + " (value not shown)";
  }

  private static String envName(String key) {
    return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  @Override
  public String toString() {
    return "OtelSetup{" + (sdk == null ? "disabled" : "enabled") + "}";
  }
}
