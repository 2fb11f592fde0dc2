package org.remotestore.ext.batch;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of a batch: which paths succeeded (with their values, for {@code batchExists}) and
 * which failed, each with its exception. A batch never stops at the first failure. Paths keep the
 * order in which they were given (duplicates are dropped).
 *
 * @param <T> the value per path ({@link Boolean} for {@code batchExists}, {@link Void} otherwise)
 */
public final class BatchResult<T> {
  private final String operation;
  private final String backend;
  private final Map<String, T> values;
  private final List<String> succeeded;
  private final Map<String, Exception> failures;

  BatchResult(
      String operation, String backend, LinkedHashMap<String, T> values, Map<String, Exception> f) {
    this.operation = operation;
    this.backend = backend;
    this.values = Collections.unmodifiableMap(values);
    this.succeeded = List.copyOf(values.keySet());
    this.failures = Collections.unmodifiableMap(new LinkedHashMap<>(f));
  }

  /** The batch operation, for example {@code batchDelete}. */
  public String operation() {
    return operation;
  }

  /** The paths that succeeded, in input order. */
  public List<String> succeeded() {
    return succeeded;
  }

  /**
   * The value of each path that succeeded, in input order; for {@code batchExists} whether the path
   * exists, otherwise {@code null} values.
   */
  public Map<String, T> values() {
    return values;
  }

  /** The paths that failed, each with its exception, in input order. */
  public Map<String, Exception> failures() {
    return failures;
  }

  /** Whether every path succeeded. */
  public boolean isSuccess() {
    return failures.isEmpty();
  }

  /**
   * Returns this result when every path succeeded.
   *
   * @throws BatchException naming the failed paths, with their exceptions attached
   */
  public BatchResult<T> throwIfFailed() throws BatchException {
    if (!failures.isEmpty()) {
      throw new BatchException(operation, backend, succeeded.size(), failures);
    }
    return this;
  }

  @Override
  public String toString() {
    return operation
        + ": "
        + succeeded.size()
        + " succeeded, "
        + failures.size()
        + " failed"
        + (failures.isEmpty() ? "" : " " + failures.keySet());
  }
}
