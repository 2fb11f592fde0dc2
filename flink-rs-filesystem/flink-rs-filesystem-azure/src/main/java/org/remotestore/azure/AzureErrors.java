package org.remotestore.azure;

import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.remotestore.AlreadyExists;
import org.remotestore.BackendUnavailable;
import org.remotestore.NotFound;
import org.remotestore.PermissionDenied;
import org.remotestore.RemoteStoreException;

/**
 * Translates Blob service and transport failures into {@link RemoteStoreException}s without letting
 * a secret escape.
 *
 * <p>The original exception is never attached as a cause: a transport message can carry request
 * URLs (with a SAS signature). Instead the message names the operation, backend, container, key,
 * HTTP status, Azure error code and request id, and the cause is a {@link SanitizedCause} that
 * keeps the stack trace of the original failure with every known secret masked.
 */
final class AzureErrors {
  /** Query parameters of a SAS that must never be shown (the signature above all). */
  private static final Pattern SAS_SIGNATURE =
      Pattern.compile("(?i)(sig|se|sp|sv|ss|srt|st|spr|skoid|sktid|skt|ske|sks|skv)=[^&\\s\"'<>]+");

  private static final Pattern ACCOUNT_KEY =
      Pattern.compile("(?i)(AccountKey|SharedAccessSignature)=[^;\\s\"'<>]+");

  private final String backend;
  private final String container;
  private final List<String> secrets;

  /**
   * Creates the translator.
   *
   * @param backend the backend name for messages
   * @param container the container name for messages
   * @param secrets secret values (account key, SAS token, connection string) to mask wherever they
   *     might appear
   */
  AzureErrors(String backend, String container, Collection<String> secrets) {
    this.backend = Objects.requireNonNull(backend);
    this.container = Objects.requireNonNull(container);
    List<String> list = new ArrayList<>();
    for (String s : secrets) {
      if (s != null && s.length() >= 4) {
        list.add(s);
        String trimmed = s.startsWith("?") ? s.substring(1) : s;
        if (!trimmed.equals(s)) {
          list.add(trimmed);
        }
      }
    }
    this.secrets = List.copyOf(list);
  }

  /** Masks known secrets and SAS/key patterns in {@code text}. */
  String scrub(String text) {
    if (text == null) {
      return null;
    }
    String out = text;
    for (String secret : secrets) {
      out = out.replace(secret, "****");
    }
    out = ACCOUNT_KEY.matcher(out).replaceAll("$1=****");
    out = SAS_SIGNATURE.matcher(out).replaceAll("$1=****");
    return out;
  }

  /** The HTTP status of a failure, or {@code -1} when it carries none. */
  static int status(Throwable t) {
    BlobServiceException b = answer(t);
    return b == null ? -1 : b.status();
  }

  /** The Azure error code of a failure, or {@code null}. */
  static String errorCode(Throwable t) {
    BlobServiceException b = answer(t);
    return b == null ? null : b.errorCode();
  }

  private static BlobServiceException answer(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof BlobServiceException b) {
        return b;
      }
    }
    return null;
  }

  /** Whether {@code t} is (or wraps) an answer with HTTP status {@code status}. */
  static boolean isStatus(Throwable t, int status) {
    return status(t) == status;
  }

  /**
   * Translates a failure of {@code operation} on {@code key}.
   *
   * <p>404 becomes {@link NotFound}, 401/403 {@link PermissionDenied}, 409 BlobAlreadyExists and
   * 412 {@link AlreadyExists} (the only conditions this backend sends are "must not exist"),
   * 408/429/5xx and transport failures {@link BackendUnavailable}; the rest a plain {@link
   * RemoteStoreException}.
   */
  RemoteStoreException translate(String operation, String key, Throwable failure) {
    if (failure instanceof RemoteStoreException r) {
      return r;
    }
    int status = status(failure);
    String code = errorCode(failure);
    String requestId = requestId(failure);
    StringBuilder msg = new StringBuilder();
    msg.append("Azure ")
        .append(operation)
        .append(" failed for '")
        .append(key)
        .append("' in container '")
        .append(container)
        .append("' on backend '")
        .append(backend)
        .append("'");
    if (status > 0) {
      msg.append(": HTTP ").append(status);
      if (code != null) {
        msg.append(' ').append(code);
      }
      if (requestId != null) {
        msg.append(" (request id ").append(requestId).append(')');
      }
    } else {
      msg.append(": ").append(describeTransport(failure));
    }
    String message = scrub(msg.toString());
    Throwable cause = new SanitizedCause(failure, this);
    if (status == 404) {
      return new NotFound(message, backend, key, cause);
    }
    if (status == 401 || status == 403) {
      return new PermissionDenied(message, backend, key, cause);
    }
    if (status == 412 || (status == 409 && "BlobAlreadyExists".equals(code))) {
      return new AlreadyExists(message, backend, key, cause);
    }
    if (status < 0 || status == 408 || status == 429 || status >= 500) {
      return new BackendUnavailable(message, backend, key, cause);
    }
    return new RemoteStoreException(message, backend, key, cause);
  }

  private static String requestId(Throwable t) {
    BlobServiceException b = answer(t);
    return b == null ? null : b.requestId();
  }

  private String describeTransport(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null
        && root.getCause() != root
        && (root instanceof UncheckedIOException
            || root instanceof java.util.concurrent.ExecutionException
            || root instanceof java.util.concurrent.CompletionException
            || root.getClass() == RuntimeException.class)) {
      root = root.getCause();
    }
    String text = root.getMessage();
    String kind = root.getClass().getSimpleName();
    if (root instanceof InterruptedIOException || root instanceof InterruptedException) {
      kind = "interrupted or timed out (" + kind + ")";
    }
    return text == null ? kind : kind + ": " + scrub(text);
  }

  /**
   * A stand-in for a failure: its class name and scrubbed message, with the original stack trace,
   * and a scrubbed chain of causes. Never carries the original exception object itself.
   */
  static final class SanitizedCause extends Exception {
    private static final long serialVersionUID = 1L;

    SanitizedCause(Throwable original, AzureErrors errors) {
      super(
          original.getClass().getName()
              + (original.getMessage() == null
                  ? ""
                  : ": " + errors.scrub(firstLine(original.getMessage()))),
          original.getCause() == null || original.getCause() == original
              ? null
              : new SanitizedCause(original.getCause(), errors));
      setStackTrace(original.getStackTrace());
    }

    private static String firstLine(String text) {
      int nl = text.indexOf('\n');
      String line = nl < 0 ? text : text.substring(0, nl);
      return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }
  }
}
