package org.remotestore.ext.batch;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.remotestore.RemoteStoreException;

/**
 * Some paths of a batch failed. The message names the first few; {@link #failures()} holds all, and
 * the first ones are also attached as suppressed exceptions.
 */
public class BatchException extends RemoteStoreException {
  private static final long serialVersionUID = 1L;
  private static final int NAMED = 5;
  private static final int ATTACHED = 10;

  private final transient Map<String, Exception> failures;

  /**
   * Creates the exception.
   *
   * @param operation the batch operation, for example {@code batchDelete} or {@code copyFolder}
   * @param backend the backend name, or {@code null}
   * @param succeeded how many items succeeded
   * @param failures the failed items (paths) with their exceptions, in order
   */
  public BatchException(
      String operation, String backend, int succeeded, Map<String, Exception> failures) {
    super(message(operation, backend, succeeded, failures), backend, null);
    this.failures = Collections.unmodifiableMap(new LinkedHashMap<>(failures));
    failures.values().stream().limit(ATTACHED).forEach(this::addSuppressed);
  }

  private static String message(
      String operation, String backend, int succeeded, Map<String, Exception> failures) {
    StringBuilder m =
        new StringBuilder()
            .append(operation)
            .append(backend == null ? "" : " on backend '" + backend + "'")
            .append(": ")
            .append(failures.size())
            .append(" of ")
            .append(failures.size() + succeeded)
            .append(" paths failed: ");
    int n = 0;
    for (Map.Entry<String, Exception> e : failures.entrySet()) {
      if (n == NAMED) {
        m.append(", and ").append(failures.size() - NAMED).append(" more");
        break;
      }
      m.append(n++ == 0 ? "" : ", ")
          .append('\'')
          .append(e.getKey())
          .append("' (")
          .append(e.getValue().getClass().getSimpleName())
          .append(": ")
          .append(e.getValue().getMessage())
          .append(')');
    }
    return m.toString();
  }

  /** Every failed path with its exception, in input order. */
  public Map<String, Exception> failures() {
    return failures == null ? Map.of() : failures;
  }
}
