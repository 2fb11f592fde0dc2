package org.remotestore;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.remotestore.ext.ForwardingStore;
import org.remotestore.ext.TestStores;

/**
 * The seekable stream over ranges whose reads return little at a time, as an HTTP body does (S3,
 * Azure, HTTP): its positions stay in step with the open range whatever mix of look-behind bytes
 * and range bytes a read takes.
 */
class RangedInputStreamTest {

  /** A store whose range streams give at most 4 KiB per read, and no positioned reads. */
  private static Store trickling(Store store) {
    return new ForwardingStore(store) {
      @Override
      public InputStream readRange(String path, long offset, long length) throws IOException {
        return new FilterInputStream(super.readRange(path, offset, length)) {
          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            return super.read(b, off, Math.min(len, 4096));
          }
        };
      }

      @Override
      protected Store wrapChild(Store childOfDelegate) {
        return trickling(childOfDelegate);
      }
    };
  }

  @Test
  void readingOnIntoTheFooterBytesFetchedFirstKeepsTheRangeInStep() throws IOException {
    Store store = trickling(TestStores.memory("mem"));
    byte[] data = new byte[300 * 1024];
    new Random(5).nextBytes(data);
    int n = data.length;
    store.write("f.bin", data, true);
    try (SeekableInputStream in = store.readSeekable("f.bin", 64 * 1024)) {
      in.seek(n - 8); // the footer's tail first: the 64 KiB before it come along
      assertThat(in.readNBytes(8)).isEqualTo(Arrays.copyOfRange(data, n - 8, n));
      in.seek(1000);
      assertThat(in.read()).isEqualTo(data[1000] & 0xff);
      // sequential reads now run from a range through the bytes held in memory to the end
      assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(data, 1001, n));
    }
    try (SeekableInputStream in = store.readSeekable("f.bin", 64 * 1024)) {
      in.seek(n - 8);
      assertThat(in.readNBytes(8)).isEqualTo(Arrays.copyOfRange(data, n - 8, n));
      in.seek(n - 100_000);
      byte[] all = new byte[100_000];
      int off = 0;
      while (off < all.length) {
        int got = in.read(all, off, Math.min(3000, all.length - off));
        assertThat(got).isPositive();
        off += got;
      }
      assertThat(all).isEqualTo(Arrays.copyOfRange(data, n - 100_000, n));
      assertThat(in.read()).isEqualTo(-1);
    }
  }
}
