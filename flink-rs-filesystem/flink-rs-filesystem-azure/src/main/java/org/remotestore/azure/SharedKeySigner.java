package org.remotestore.azure;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Shared Key authorization of Blob service requests: the HMAC-SHA256, keyed with the account key,
 * of the string-to-sign built from the verb, the standard headers, the canonicalized {@code x-ms-}
 * headers and the canonicalized resource (account, encoded path, sorted query parameters). {@link
 * #toString()} shows the account only.
 */
final class SharedKeySigner {
  /** The standard headers of the string-to-sign, in order (after the verb). */
  private static final String[] STANDARD_HEADERS = {
    "Content-Encoding",
    "Content-Language",
    "Content-Length",
    "Content-MD5",
    "Content-Type",
    "Date",
    "If-Modified-Since",
    "If-Match",
    "If-None-Match",
    "If-Unmodified-Since",
    "Range"
  };

  private final String account;
  private final SecretKeySpec key;

  /**
   * Creates a signer.
   *
   * @throws IllegalArgumentException when {@code base64Key} is not Base64
   */
  SharedKeySigner(String account, String base64Key) {
    this.account = account;
    this.key = new SecretKeySpec(Base64.getDecoder().decode(base64Key.trim()), "HmacSHA256");
  }

  /**
   * The string-to-sign of a request.
   *
   * @param rawPath the path as sent (percent-encoded)
   * @param rawQuery the query as sent (percent-encoded), or {@code null}
   * @param headers the request headers (names in any case)
   */
  String stringToSign(String method, String rawPath, String rawQuery, Map<String, String> headers) {
    Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    h.putAll(headers);
    StringBuilder s = new StringBuilder(method).append('\n');
    for (String name : STANDARD_HEADERS) {
      String v = h.get(name);
      if (name.equals("Content-Length") && "0".equals(v)) {
        v = null;
      }
      s.append(v == null ? "" : v).append('\n');
    }
    TreeMap<String, String> msHeaders = new TreeMap<>();
    for (Map.Entry<String, String> e : headers.entrySet()) {
      String name = e.getKey().toLowerCase(Locale.ROOT);
      if (name.startsWith("x-ms-")) {
        msHeaders.put(name, e.getValue().trim().replaceAll("\\s+", " "));
      }
    }
    msHeaders.forEach((name, value) -> s.append(name).append(':').append(value).append('\n'));
    s.append('/').append(account).append(rawPath.isEmpty() ? "/" : rawPath);
    TreeMap<String, List<String>> params = new TreeMap<>();
    if (rawQuery != null && !rawQuery.isEmpty()) {
      for (String pair : rawQuery.split("&")) {
        int eq = pair.indexOf('=');
        String name = decode(eq < 0 ? pair : pair.substring(0, eq)).toLowerCase(Locale.ROOT);
        String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
        params.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
      }
    }
    params.forEach(
        (name, values) -> {
          values.sort(null);
          s.append('\n').append(name).append(':').append(String.join(",", values));
        });
    return s.toString();
  }

  /** The {@code Authorization} header value for a request. */
  String authorization(
      String method, String rawPath, String rawQuery, Map<String, String> headers) {
    return "SharedKey " + account + ":" + sign(stringToSign(method, rawPath, rawQuery, headers));
  }

  /** Base64 of the HMAC-SHA256 of {@code stringToSign}. */
  String sign(String stringToSign) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return Base64.getEncoder()
          .encodeToString(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "SharedKeySigner{account=" + account + "}";
  }
}
