package org.remotestore.azure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Shared Key string-to-sign, written out by hand from the documented algorithm (verb, eleven
 * standard headers, sorted lower-case {@code x-ms-} headers, {@code /account} + encoded path,
 * sorted lower-case query names with their decoded, sorted, comma-joined values), and the HMAC
 * against RFC 4231's test case 2. The Azurite suites check the same signer end to end.
 */
class SharedKeySignerTest {
  private static final SharedKeySigner SIGNER =
      new SharedKeySigner("myaccount", Base64.getEncoder().encodeToString("Jefe".getBytes()));

  @Test
  void putBlockStringToSign() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/octet-stream");
    headers.put("x-ms-version", "2023-11-03");
    headers.put("Content-Length", "5");
    headers.put("X-MS-Date", "Sun, 06 Dec 2026 16:00:00 GMT");
    headers.put("If-None-Match", "*");
    String toSign =
        SIGNER.stringToSign(
            "PUT", "/mycontainer/dir/a%20b.bin", "comp=block&blockid=QUJD%2BZA%3D%3D", headers);
    assertThat(toSign)
        .isEqualTo(
            "PUT\n"
                + "\n" // Content-Encoding
                + "\n" // Content-Language
                + "5\n" // Content-Length
                + "\n" // Content-MD5
                + "application/octet-stream\n"
                + "\n" // Date (x-ms-date is used)
                + "\n" // If-Modified-Since
                + "\n" // If-Match
                + "*\n" // If-None-Match
                + "\n" // If-Unmodified-Since
                + "\n" // Range
                + "x-ms-date:Sun, 06 Dec 2026 16:00:00 GMT\n"
                + "x-ms-version:2023-11-03\n"
                + "/myaccount/mycontainer/dir/a%20b.bin\n"
                + "blockid:QUJD+ZA==\n"
                + "comp:block");
  }

  @Test
  void aZeroContentLengthIsEmptyAndRepeatedParametersAreSortedAndJoined() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Length", "0");
    headers.put("x-ms-meta-b", "  two   words ");
    headers.put("x-ms-meta-a", "1");
    String toSign =
        SIGNER.stringToSign(
            "GET", "/c", "restype=container&Include=z&include=a&comp=list", headers);
    assertThat(toSign)
        .isEqualTo(
            "GET\n\n\n\n\n\n\n\n\n\n\n\n"
                + "x-ms-meta-a:1\n"
                + "x-ms-meta-b:two words\n"
                + "/myaccount/c\n"
                + "comp:list\n"
                + "include:a,z\n"
                + "restype:container");
  }

  @Test
  void theSignatureIsTheBase64HmacSha256OfTheStringToSign() {
    // RFC 4231, test case 2: key "Jefe", data "what do ya want for nothing?"
    byte[] expected =
        HexFormat.of().parseHex("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    assertThat(SIGNER.sign("what do ya want for nothing?"))
        .isEqualTo(Base64.getEncoder().encodeToString(expected));
    assertThat(SIGNER.authorization("GET", "/c", null, Map.of()))
        .startsWith("SharedKey myaccount:")
        .isEqualTo("SharedKey myaccount:" + SIGNER.sign("GET\n\n\n\n\n\n\n\n\n\n\n\n/myaccount/c"));
    assertThat(SIGNER.toString()).doesNotContain("SmVmZQ");
  }
}
