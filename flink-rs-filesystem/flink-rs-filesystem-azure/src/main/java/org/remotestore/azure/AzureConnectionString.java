package org.remotestore.azure;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The parts of an Azure Storage connection string this backend uses: {@code AccountName}, {@code
 * AccountKey}, {@code SharedAccessSignature}, {@code BlobEndpoint}, {@code
 * DefaultEndpointsProtocol}, {@code EndpointSuffix}, and Azurite's {@code
 * UseDevelopmentStorage=true}. {@link #toString()} shows no secret.
 */
final class AzureConnectionString {
  /** Azurite's well-known development account. */
  static final String DEV_ACCOUNT = "devstoreaccount1";

  /** Azurite's well-known (public) development account key. */
  static final String DEV_KEY =
      "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

  final String accountName;
  final String accountKey;
  final String sas;
  final String blobEndpoint;

  private AzureConnectionString(
      String accountName, String accountKey, String sas, String blobEndpoint) {
    this.accountName = accountName;
    this.accountKey = accountKey;
    this.sas = sas;
    this.blobEndpoint = blobEndpoint;
  }

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException naming the missing or malformed part (never a value)
   */
  static AzureConnectionString parse(String text) {
    Map<String, String> parts = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (String part : text.split(";")) {
      if (part.isBlank()) {
        continue;
      }
      int eq = part.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("a part of the connection string is not key=value");
      }
      parts.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
    }
    if ("true".equalsIgnoreCase(parts.get("UseDevelopmentStorage"))) {
      String proxy = parts.getOrDefault("DevelopmentStorageProxyUri", "http://127.0.0.1");
      return new AzureConnectionString(
          DEV_ACCOUNT, DEV_KEY, null, trimSlash(proxy) + ":10000/" + DEV_ACCOUNT);
    }
    String account = parts.get("AccountName");
    String key = parts.get("AccountKey");
    String sas = parts.get("SharedAccessSignature");
    if (sas != null && sas.startsWith("?")) {
      sas = sas.substring(1);
    }
    if (key == null && sas == null) {
      throw new IllegalArgumentException(
          "the connection string has neither AccountKey nor SharedAccessSignature");
    }
    String endpoint = parts.get("BlobEndpoint");
    if (endpoint == null) {
      if (account == null) {
        throw new IllegalArgumentException(
            "the connection string has neither AccountName nor BlobEndpoint");
      }
      String protocol =
          parts.getOrDefault("DefaultEndpointsProtocol", "https").toLowerCase(Locale.ROOT);
      if (!protocol.equals("https") && !protocol.equals("http")) {
        throw new IllegalArgumentException("DefaultEndpointsProtocol must be http or https");
      }
      endpoint =
          protocol
              + "://"
              + account
              + ".blob."
              + parts.getOrDefault("EndpointSuffix", "core.windows.net");
    } else if (!endpoint.startsWith("http://") && !endpoint.startsWith("https://")) {
      throw new IllegalArgumentException("BlobEndpoint must be an http or https URL");
    }
    if (key != null && account == null) {
      throw new IllegalArgumentException("the connection string has AccountKey but no AccountName");
    }
    return new AzureConnectionString(account, key, sas, trimSlash(endpoint));
  }

  private static String trimSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  @Override
  public String toString() {
    return "AzureConnectionString{account="
        + accountName
        + ", endpoint="
        + blobEndpoint
        + ", key="
        + (accountKey == null ? "none" : "****")
        + ", sas="
        + (sas == null ? "none" : "****")
        + "}";
  }
}
