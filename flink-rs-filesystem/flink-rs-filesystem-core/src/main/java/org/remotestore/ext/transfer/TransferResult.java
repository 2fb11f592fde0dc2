package org.remotestore.ext.transfer;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.remotestore.ext.batch.BatchException;

/**
 * What a transfer did: the files copied, skipped (target existed under {@link
 * ExistingPolicy#SKIP_EXISTING}) and failed, and the bytes written. File names are relative to the
 * source folder (or the source path for a single file).
 */
public final class TransferResult {
  private final String operation;
  private final List<String> transferred;
  private final List<String> skipped;
  private final Map<String, Exception> failures;
  private final long bytes;

  TransferResult(
      String operation,
      List<String> transferred,
      List<String> skipped,
      Map<String, Exception> failures,
      long bytes) {
    this.operation = operation;
    this.transferred = List.copyOf(transferred);
    this.skipped = List.copyOf(skipped);
    this.failures = Collections.unmodifiableMap(new LinkedHashMap<>(failures));
    this.bytes = bytes;
  }

  /** Files copied, in order. */
  public List<String> transferred() {
    return transferred;
  }

  /** Files left alone because the target existed. */
  public List<String> skipped() {
    return skipped;
  }

  /** Files that failed, with their exceptions; their targets were left untouched. */
  public Map<String, Exception> failures() {
    return failures;
  }

  /** Bytes written to targets of files that were copied completely. */
  public long bytesTransferred() {
    return bytes;
  }

  /** Whether no file failed. */
  public boolean isSuccess() {
    return failures.isEmpty();
  }

  /**
   * Returns this result when no file failed.
   *
   * @throws BatchException naming the failed files
   */
  public TransferResult throwIfFailed() throws BatchException {
    if (!failures.isEmpty()) {
      throw new BatchException(operation, null, transferred.size() + skipped.size(), failures);
    }
    return this;
  }

  @Override
  public String toString() {
    return operation
        + ": "
        + transferred.size()
        + " transferred ("
        + bytes
        + " bytes), "
        + skipped.size()
        + " skipped, "
        + failures.size()
        + " failed";
  }
}
