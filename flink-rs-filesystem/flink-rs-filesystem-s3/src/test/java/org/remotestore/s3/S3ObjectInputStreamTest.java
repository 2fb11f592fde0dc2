package org.remotestore.s3;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The object size a ranged GET's {@code Content-Range} reports. */
class S3ObjectInputStreamTest {

  @Test
  void theTotalOfAContentRangeIsTheObjectSize() {
    assertThat(S3ObjectInputStream.totalOf("bytes 0-1023/1024")).isEqualTo(1024);
    assertThat(S3ObjectInputStream.totalOf("bytes 100-199/268435456 ")).isEqualTo(268435456L);
    assertThat(S3ObjectInputStream.totalOf("bytes 0-0/5368709120")).isEqualTo(5368709120L);
  }

  @Test
  void anUnknownOrMalformedTotalIsMinusOne() {
    assertThat(S3ObjectInputStream.totalOf(null)).isEqualTo(-1);
    assertThat(S3ObjectInputStream.totalOf("bytes 0-9/*")).isEqualTo(-1);
    assertThat(S3ObjectInputStream.totalOf("bytes 0-9/")).isEqualTo(-1);
    assertThat(S3ObjectInputStream.totalOf("bytes 0-9")).isEqualTo(-1);
    assertThat(S3ObjectInputStream.totalOf("bytes 0-9/12x")).isEqualTo(-1);
    assertThat(S3ObjectInputStream.totalOf("bytes 0-9/99999999999999999999999")).isEqualTo(-1);
  }
}
