package org.remotestore.azure;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import org.remotestore.DefaultStore;
import org.remotestore.FileInfo;
import org.remotestore.Store;
import org.remotestore.spi.Backend;
import org.remotestore.testing.azure.AzureTestSupport;

/**
 * Run in a separate small-heap JVM by {@link AzureLargeStreamTest}: streams {@code bytes} generated
 * bytes into one blob through the Store API and reads them back, comparing SHA-256 digests of what
 * was sent and what came back. Prints one {@code RESULT} line; exit code 0 on success.
 *
 * <p>Arguments: endpoint, container, bytes.
 */
public final class AzureLargeStreamMain {
  private AzureLargeStreamMain() {}

  public static void main(String[] args) throws Exception {
    String endpoint = args[0];
    String container = args[1];
    long bytes = Long.parseLong(args[2]);
    Map<String, String> options = AzureTestSupport.options(endpoint, container);
    options.put("block-size", "8mb");
    options.put("max-concurrency", "4");
    options.put("read-block-size", "4mb");
    options.put("request-timeout", "5min");
    try (Backend backend =
        new AzureBlobBackendFactory().create(AzureTestSupport.config("big", options))) {
      Store store = new DefaultStore(backend, "large");
      GeneratedStream source = new GeneratedStream(bytes, 42);
      long t0 = System.nanoTime();
      store.write("stream.bin", source, true);
      long t1 = System.nanoTime();
      FileInfo info = store.getFileInfo("stream.bin");
      MessageDigest read = sha256();
      long readBytes = 0;
      byte[] buffer = new byte[1 << 16];
      try (InputStream in = store.read("stream.bin")) {
        int n;
        while ((n = in.read(buffer)) > 0) {
          read.update(buffer, 0, n);
          readBytes += n;
        }
      }
      long t2 = System.nanoTime();
      String sent = HexFormat.of().formatHex(source.digest());
      String received = HexFormat.of().formatHex(read.digest());
      Runtime rt = Runtime.getRuntime();
      System.out.printf(
          "RESULT bytes=%d size=%d read=%d sent=%s received=%s writeMs=%d readMs=%d cpuMs=%d"
              + " maxHeapMb=%d%n",
          bytes,
          info.size(),
          readBytes,
          sent,
          received,
          (t1 - t0) / 1_000_000,
          (t2 - t1) / 1_000_000,
          ProcessHandle.current().info().totalCpuDuration().map(d -> d.toMillis()).orElse(-1L),
          rt.maxMemory() >> 20);
      boolean ok = info.size() == bytes && readBytes == bytes && sent.equals(received);
      System.exit(ok ? 0 : 1);
    }
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Pseudo-random bytes (xorshift64*), never held in memory, digested as they are read. */
  static final class GeneratedStream extends InputStream {
    private final long total;
    private final MessageDigest digest = sha256();
    private long produced;
    private long state;

    GeneratedStream(long total, long seed) {
      this.total = total;
      this.state = seed == 0 ? 1 : seed;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (produced >= total) {
        return -1;
      }
      int n = (int) Math.min(len, total - produced);
      int i = 0;
      while (i < n) {
        state ^= state >>> 12;
        state ^= state << 25;
        state ^= state >>> 27;
        long v = state * 0x2545F4914F6CDD1DL;
        for (int k = 0; k < 8 && i < n; k++, i++) {
          b[off + i] = (byte) (v >>> (k * 8));
        }
      }
      digest.update(b, off, n);
      produced += n;
      return n;
    }

    byte[] digest() {
      return digest.digest();
    }
  }
}
