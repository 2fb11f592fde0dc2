package org.remotestore.azure;

import java.util.Map;
import java.util.TreeMap;

/**
 * An error answer of the Blob service: HTTP status, the Azure error code ({@code x-ms-error-code})
 * and the request id. The message holds only those; never a URL, header value or body that could
 * carry a secret.
 */
final class BlobServiceException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String errorCode;
  private final String requestId;
  private final transient Map<String, String> headers;

  BlobServiceException(
      String operation, int status, String errorCode, Map<String, String> headers) {
    super(
        "Blob service answered "
            + operation
            + " with HTTP "
            + status
            + (errorCode == null ? "" : " " + errorCode),
        null,
        false,
        true);
    this.status = status;
    this.errorCode = errorCode;
    this.requestId = headers.get("x-ms-request-id");
    Map<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    copy.putAll(headers);
    this.headers = copy;
  }

  /** The HTTP status. */
  int status() {
    return status;
  }

  /** The Azure error code, or {@code null}. */
  String errorCode() {
    return errorCode;
  }

  /** The request id, or {@code null}. */
  String requestId() {
    return requestId;
  }

  /** A response header, or {@code null}. */
  String header(String name) {
    return headers == null ? null : headers.get(name);
  }
}
