package org.remotestore.testing.http;

import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import org.remotestore.Registry;
import org.remotestore.RegistryConfig;
import org.remotestore.Store;

/**
 * Child-process side of the HTTP large-stream test: reads one file through the {@code http} backend
 * in a small heap and prints its size and SHA-256, then reads its last MiB as a range. Arguments:
 * base URL, path, expected size.
 */
public final class HttpLargeStreamMain {
  private HttpLargeStreamMain() {}

  /** Entry point. */
  public static void main(String[] args) throws Exception {
    String baseUrl = args[0];
    String path = args[1];
    long size = Long.parseLong(args[2]);
    Map<String, String> keys =
        Map.of(
            "rs.backends.web.type", "http",
            "rs.backends.web.base-url", baseUrl,
            "rs.stores.feed.backend", "web");
    try (Registry registry = Registry.create(RegistryConfig.fromFlatKeys(keys))) {
      Store store = registry.store("feed");
      System.out.println("info-size=" + store.getFileInfo(path).size());
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[64 * 1024];
      long total = 0;
      try (InputStream in = store.read(path)) {
        for (int n; (n = in.read(buffer)) > 0; ) {
          sha.update(buffer, 0, n);
          total += n;
        }
      }
      System.out.println("size=" + total);
      System.out.println("sha256=" + HexFormat.of().formatHex(sha.digest()));
      long tail = Math.min(size, 1 << 20);
      MessageDigest tailSha = MessageDigest.getInstance("SHA-256");
      long tailBytes = 0;
      try (InputStream in = store.readRange(path, size - tail, tail)) {
        for (int n; (n = in.read(buffer)) > 0; ) {
          tailSha.update(buffer, 0, n);
          tailBytes += n;
        }
      }
      System.out.println("tail-size=" + tailBytes);
      System.out.println("tail-sha256=" + HexFormat.of().formatHex(tailSha.digest()));
      System.out.println("max-heap=" + Runtime.getRuntime().maxMemory());
    }
  }
}
