package org.remotestore.s3;

import java.io.IOException;
import org.remotestore.AlreadyExists;
import org.remotestore.BackendUnavailable;
import org.remotestore.NotFound;
import org.remotestore.PermissionDenied;
import org.remotestore.RemoteStoreException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Translates AWS SDK failures (and the {@link java.io.UncheckedIOException} the SDK lets through
 * when a connection breaks while it parses an answer) into {@link RemoteStoreException} subclasses.
 * The SDK exception never escapes: its message and stack trace are copied into a plain {@link
 * IOException} cause, so callers need no SDK classes and nothing of the request (headers,
 * signatures) is carried along.
 */
final class S3Errors {
  private S3Errors() {}

  /**
   * Maps {@code e}, raised by {@code operation} on {@code key}.
   *
   * @param backend the backend name
   * @param bucket the bucket, for the message
   * @param operation what was attempted, for example {@code read}
   * @param key the object key, or {@code null}
   */
  static RemoteStoreException map(
      RuntimeException e, String backend, String bucket, String operation, String key) {
    String where =
        "s3://" + bucket + "/" + (key == null ? "" : key) + " (backend '" + backend + "')";
    IOException cause = detached(e);
    if (e instanceof S3Exception s3) {
      int status = s3.statusCode();
      String code =
          s3.awsErrorDetails() == null || s3.awsErrorDetails().errorCode() == null
              ? ""
              : " " + s3.awsErrorDetails().errorCode();
      String detail =
          s3.awsErrorDetails() == null || s3.awsErrorDetails().errorMessage() == null
              ? ""
              : ": " + s3.awsErrorDetails().errorMessage();
      String message =
          "S3 " + operation + " failed for " + where + ": HTTP " + status + code + detail;
      return switch (status) {
        case 404 -> new NotFound(message, backend, key, cause);
        case 401, 403 -> new PermissionDenied(message, backend, key, cause);
        case 412 -> new AlreadyExists(message, backend, key, cause);
        case 408, 429, 500, 502, 503, 504 -> new BackendUnavailable(message, backend, key, cause);
        default ->
            code.contains("SlowDown") || code.contains("Throttl") || status >= 500
                ? new BackendUnavailable(message, backend, key, cause)
                : new RemoteStoreException(message, backend, key, cause);
      };
    }
    String message =
        "S3 "
            + operation
            + " failed for "
            + where
            + ": "
            + (e instanceof SdkClientException ? "client error: " : "")
            + (e instanceof SdkException ? "" : "connection failed: ")
            + e.getMessage();
    return new BackendUnavailable(message, backend, key, cause);
  }

  /** Whether {@code e} is an S3 error answer with the given HTTP status. */
  static boolean hasStatus(RuntimeException e, int status) {
    return e instanceof S3Exception s3 && s3.statusCode() == status;
  }

  /** Whether {@code e} is an S3 error answer with the given error code. */
  static boolean hasCode(RuntimeException e, String code) {
    return e instanceof S3Exception s3
        && s3.awsErrorDetails() != null
        && code.equals(s3.awsErrorDetails().errorCode());
  }

  /** A plain exception carrying the SDK failure's message and stack, without any SDK type. */
  static IOException detached(Throwable e) {
    IOException copy = new IOException(e.getClass().getSimpleName() + ": " + e.getMessage());
    copy.setStackTrace(e.getStackTrace());
    Throwable root = e.getCause();
    if (root != null && !(root instanceof SdkException)) {
      IOException nested =
          new IOException(root.getClass().getSimpleName() + ": " + root.getMessage());
      nested.setStackTrace(root.getStackTrace());
      copy.initCause(nested);
    }
    return copy;
  }
}
