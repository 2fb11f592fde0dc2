package org.remotestore.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import org.apache.hc.core5.http.message.BasicClassicHttpResponse;
import org.junit.jupiter.api.Test;

class HttpDigestsTest {
  private static final byte[] ABC = "abc".getBytes(StandardCharsets.UTF_8);

  private static byte[] digest(String algorithm) throws Exception {
    return MessageDigest.getInstance(algorithm).digest(ABC);
  }

  private static BasicClassicHttpResponse response(int code, String... headers) {
    BasicClassicHttpResponse r = new BasicClassicHttpResponse(code);
    for (int i = 0; i < headers.length; i += 2) {
      r.addHeader(headers[i], headers[i + 1]);
    }
    return r;
  }

  @Test
  void announcedDigestsBecomeTheFileChecksum() throws Exception {
    String sha = Base64.getEncoder().encodeToString(digest("SHA-256"));
    String md5 = Base64.getEncoder().encodeToString(digest("MD5"));
    String shaHex = "sha256:" + HexFormat.of().formatHex(digest("SHA-256"));
    String md5Hex = "md5:" + HexFormat.of().formatHex(digest("MD5"));

    assertThat(
            HttpDigests.checksumOf(
                response(200, "Repr-Digest", "md5=:" + md5 + ":, sha-256=:" + sha + ":")))
        .isEqualTo(shaHex);
    assertThat(HttpDigests.checksumOf(response(206, "Repr-Digest", "md5=:" + md5 + ":")))
        .isEqualTo(md5Hex); // a representation digest covers the whole file, even on a range
    assertThat(HttpDigests.checksumOf(response(200, "Digest", "SHA-256=" + sha))).isEqualTo(shaHex);
    assertThat(HttpDigests.checksumOf(response(200, "Content-MD5", md5))).isEqualTo(md5Hex);
  }

  @Test
  void digestsThatDoNotDescribeTheFileAreIgnored() throws Exception {
    String md5 = Base64.getEncoder().encodeToString(digest("MD5"));
    assertThat(HttpDigests.checksumOf(response(206, "Content-MD5", md5))).isNull(); // of the range
    assertThat(
            HttpDigests.checksumOf(response(200, "Content-MD5", md5, "Content-Encoding", "gzip")))
        .isNull();
    assertThat(HttpDigests.checksumOf(response(200, "Content-MD5", "not base64!"))).isNull();
    assertThat(HttpDigests.checksumOf(response(200, "Repr-Digest", "sha-256=:AAAA:"))).isNull();
    assertThat(HttpDigests.checksumOf(response(200, "Repr-Digest", "sha-512=:" + md5 + ":")))
        .isNull();
    assertThat(HttpDigests.checksumOf(response(200))).isNull();
  }
}
