package org.remotestore.ext.observe;

/**
 * The JMX view of an {@link OperationCounter}: what one store did in this JVM, readable from any
 * class loader (a Flink sink in the user code class loader reads what the {@code rs://} plugin
 * counted) and from JConsole. Object name: {@code org.remotestore:type=StoreOperations,
 * store=<store>,instance=<n>} (see {@link JmxOperationCounters}).
 */
public interface OperationCounterMBean {
  /** The name of the store counted. */
  String getStore();

  /** Operations finished, failed or not. */
  long getOperations();

  /** Operations that failed. */
  long getErrors();

  /** Bytes read through the store. */
  long getBytesRead();

  /** Bytes written through the store. */
  long getBytesWritten();

  /** The operations seen so far, for example {@code getFileInfo}, {@code write}, {@code commit}. */
  String[] getOperationNames();

  /**
   * Finished calls of one operation.
   *
   * @param operation an operation name such as {@code persist}
   * @return the count, 0 for an operation not seen
   */
  long operationCount(String operation);

  /**
   * Failed calls of one operation.
   *
   * @param operation an operation name such as {@code persist}
   * @return the count, 0 for an operation not seen
   */
  long errorCount(String operation);
}
