package org.remotestore.meteoswiss.source;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the server's Retry-After in a failure: a {@code retryAfter()} accessor returning a {@link
 * Duration} on any exception of the cause chain (the HTTP backend's throttling exception), or else
 * a {@code Retry-After: <seconds>} mention in a message.
 */
final class RetryAfter {
  private static final Pattern IN_MESSAGE =
      Pattern.compile("(?i)retry-after\\W{0,3}(\\d{1,7})(?:\\s*s)?");

  private RetryAfter() {}

  /** The Retry-After carried by {@code error}, or {@code null}. */
  static Duration of(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      Duration d = accessor(t);
      if (d != null) {
        return d;
      }
      if (t.getMessage() != null) {
        Matcher m = IN_MESSAGE.matcher(t.getMessage());
        if (m.find()) {
          return Duration.ofSeconds(Long.parseLong(m.group(1)));
        }
      }
    }
    return null;
  }

  private static Duration accessor(Throwable t) {
    try {
      Method m = t.getClass().getMethod("retryAfter");
      Object value = m.invoke(t);
      if (value instanceof Duration d) {
        return d;
      }
      if (value instanceof java.util.Optional<?> o && o.orElse(null) instanceof Duration d) {
        return d;
      }
    } catch (NoSuchMethodException e) {
      return null;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
    return null;
  }
}
