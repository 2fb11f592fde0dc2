package org.remotestore.ext.observe;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import java.util.List;
import java.util.Objects;

/**
 * A {@link StoreObserver} that records each store operation with OpenTelemetry, using only the
 * OpenTelemetry API (the application chooses the SDK and exporters).
 *
 * <ul>
 *   <li>A span {@code store.<operation>} (for example {@code store.read}, kind {@code CLIENT}) with
 *       attributes {@value #OPERATION}, {@value #BACKEND}, {@value #BACKEND_TYPE}, {@value #PATH}
 *       (and {@value #TARGET_PATH} for copy and move), plus {@value #BYTES_READ} / {@value
 *       #BYTES_WRITTEN} when known. A failed operation sets status {@code ERROR}, records the
 *       exception and sets {@value #ERROR_TYPE}. Spans of streams end when the stream is closed.
 *   <li>Counters {@value #OPERATIONS_METRIC} (every operation, with {@value #STATUS} {@value
 *       #STATUS_OK} or {@value #STATUS_ERROR}) and {@value #ERRORS_METRIC} (failed ones, with
 *       {@value #ERROR_TYPE}), and the histogram {@value #DURATION_METRIC} in seconds, all with the
 *       attributes {@value #OPERATION} and {@value #BACKEND}. Paths are never metric attributes
 *       (their cardinality is unbounded).
 * </ul>
 *
 * <pre>{@code
 * Store traced = ObservedStore.wrap(store, OpenTelemetryObserver.create(GlobalOpenTelemetry.get()));
 * }</pre>
 */
public final class OpenTelemetryObserver implements StoreObserver {

  /** Instrumentation scope name of the tracer and the meter. */
  public static final String INSTRUMENTATION_NAME = "org.remotestore";

  /** Prefix of span names: {@code store.read}. */
  public static final String SPAN_PREFIX = "store.";

  /** Attribute: the store operation, for example {@code read}. */
  public static final String OPERATION = "remote_store.operation";

  /** Attribute: the backend instance name. */
  public static final String BACKEND = "remote_store.backend";

  /** Attribute: the backend type. */
  public static final String BACKEND_TYPE = "remote_store.backend_type";

  /** Attribute: the path. */
  public static final String PATH = "remote_store.path";

  /** Attribute: the target path of copy and move. */
  public static final String TARGET_PATH = "remote_store.target_path";

  /** Attribute: bytes read. */
  public static final String BYTES_READ = "remote_store.bytes_read";

  /** Attribute: bytes written. */
  public static final String BYTES_WRITTEN = "remote_store.bytes_written";

  /**
   * Attribute of failed spans and of {@value #ERRORS_METRIC}: the simple class name of the
   * exception, for example {@code NotFound}.
   */
  public static final String ERROR_TYPE = "error.type";

  /** Attribute of {@value #OPERATIONS_METRIC}: {@value #STATUS_OK} or {@value #STATUS_ERROR}. */
  public static final String STATUS = "status";

  /** Value of {@value #STATUS} for an operation that succeeded. */
  public static final String STATUS_OK = "ok";

  /** Value of {@value #STATUS} for an operation that failed. */
  public static final String STATUS_ERROR = "error";

  /** Counter of operations. */
  public static final String OPERATIONS_METRIC = "remote_store.operations";

  /** Counter of failed operations. */
  public static final String ERRORS_METRIC = "remote_store.errors";

  /** Histogram of operation durations, in seconds. */
  public static final String DURATION_METRIC = "remote_store.operation.duration";

  private static final AttributeKey<String> OPERATION_KEY = AttributeKey.stringKey(OPERATION);
  private static final AttributeKey<String> BACKEND_KEY = AttributeKey.stringKey(BACKEND);
  private static final AttributeKey<String> BACKEND_TYPE_KEY = AttributeKey.stringKey(BACKEND_TYPE);
  private static final AttributeKey<String> PATH_KEY = AttributeKey.stringKey(PATH);
  private static final AttributeKey<String> TARGET_PATH_KEY = AttributeKey.stringKey(TARGET_PATH);
  private static final AttributeKey<Long> BYTES_READ_KEY = AttributeKey.longKey(BYTES_READ);
  private static final AttributeKey<Long> BYTES_WRITTEN_KEY = AttributeKey.longKey(BYTES_WRITTEN);
  private static final AttributeKey<String> ERROR_TYPE_KEY = AttributeKey.stringKey(ERROR_TYPE);
  private static final AttributeKey<String> STATUS_KEY = AttributeKey.stringKey(STATUS);

  private static final List<Double> DURATION_BUCKETS =
      List.of(
          0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5,
          10.0, 30.0, 60.0);

  private final Tracer tracer;
  private final LongCounter operations;
  private final LongCounter errors;
  private final DoubleHistogram duration;

  private OpenTelemetryObserver(OpenTelemetry openTelemetry) {
    Objects.requireNonNull(openTelemetry, "openTelemetry");
    this.tracer = openTelemetry.getTracer(INSTRUMENTATION_NAME);
    Meter meter = openTelemetry.getMeter(INSTRUMENTATION_NAME);
    this.operations =
        meter
            .counterBuilder(OPERATIONS_METRIC)
            .setDescription("Store operations, failed or not")
            .setUnit("{operation}")
            .build();
    this.errors =
        meter
            .counterBuilder(ERRORS_METRIC)
            .setDescription("Store operations that failed")
            .setUnit("{operation}")
            .build();
    this.duration =
        meter
            .histogramBuilder(DURATION_METRIC)
            .setDescription("Duration of store operations; streams until closed")
            .setUnit("s")
            .setExplicitBucketBoundariesAdvice(DURATION_BUCKETS)
            .build();
  }

  /** An observer reporting to {@code openTelemetry}'s tracer and meter providers. */
  public static OpenTelemetryObserver create(OpenTelemetry openTelemetry) {
    return new OpenTelemetryObserver(openTelemetry);
  }

  @Override
  public void before(StoreOperation operation) {
    var builder =
        tracer
            .spanBuilder(SPAN_PREFIX + operation.operation())
            .setSpanKind(SpanKind.CLIENT)
            .setAttribute(OPERATION_KEY, operation.operation());
    if (operation.backendName() != null) {
      builder.setAttribute(BACKEND_KEY, operation.backendName());
    }
    if (operation.backendType() != null) {
      builder.setAttribute(BACKEND_TYPE_KEY, operation.backendType());
    }
    if (operation.path() != null) {
      builder.setAttribute(PATH_KEY, operation.path());
    }
    if (operation.targetPath() != null) {
      builder.setAttribute(TARGET_PATH_KEY, operation.targetPath());
    }
    operation.attach(this, builder.startSpan());
  }

  @Override
  public void after(StoreOperation operation, OperationOutcome outcome) {
    Span span = (Span) operation.detach(this);
    if (span != null) {
      addBytes(span, outcome);
      span.end();
    }
    Attributes attributes = metricAttributes(operation);
    operations.add(1, attributes.toBuilder().put(STATUS_KEY, STATUS_OK).build());
    duration.record(seconds(outcome), attributes);
  }

  @Override
  public void onError(StoreOperation operation, OperationOutcome outcome, Throwable error) {
    String errorType = errorType(error);
    Span span = (Span) operation.detach(this);
    if (span != null) {
      addBytes(span, outcome);
      span.setAttribute(ERROR_TYPE_KEY, errorType);
      span.setStatus(StatusCode.ERROR, errorType);
      span.recordException(error);
      span.end();
    }
    Attributes attributes = metricAttributes(operation);
    operations.add(1, attributes.toBuilder().put(STATUS_KEY, STATUS_ERROR).build());
    errors.add(1, attributes.toBuilder().put(ERROR_TYPE_KEY, errorType).build());
    duration.record(seconds(outcome), attributes);
  }

  private static void addBytes(Span span, OperationOutcome outcome) {
    if (outcome.bytesRead() >= 0) {
      span.setAttribute(BYTES_READ_KEY, outcome.bytesRead());
    }
    if (outcome.bytesWritten() >= 0) {
      span.setAttribute(BYTES_WRITTEN_KEY, outcome.bytesWritten());
    }
  }

  private static String errorType(Throwable error) {
    String simple = error.getClass().getSimpleName();
    return simple.isEmpty() ? error.getClass().getName() : simple;
  }

  private static Attributes metricAttributes(StoreOperation operation) {
    return Attributes.of(
        OPERATION_KEY,
        operation.operation(),
        BACKEND_KEY,
        operation.backendName() == null ? "" : operation.backendName());
  }

  private static double seconds(OperationOutcome outcome) {
    return outcome.duration().toNanos() / 1e9;
  }

  @Override
  public String toString() {
    return "OpenTelemetryObserver";
  }
}
