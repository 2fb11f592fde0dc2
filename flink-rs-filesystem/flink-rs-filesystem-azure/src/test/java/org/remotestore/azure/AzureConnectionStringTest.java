package org.remotestore.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * Connection strings: every part the backend reads, Azurite's shortcut, and errors without values.
 */
class AzureConnectionStringTest {
  @Test
  void accountKeyWithProtocolAndSuffix() {
    AzureConnectionString cs =
        AzureConnectionString.parse(
            "DefaultEndpointsProtocol=http;AccountName=acct;AccountKey=a2V5;"
                + "EndpointSuffix=core.chinacloudapi.cn");
    assertThat(cs.accountName).isEqualTo("acct");
    assertThat(cs.accountKey).isEqualTo("a2V5");
    assertThat(cs.sas).isNull();
    assertThat(cs.blobEndpoint).isEqualTo("http://acct.blob.core.chinacloudapi.cn");
    assertThat(cs.toString()).doesNotContain("a2V5");
  }

  @Test
  void defaultsToHttpsOnTheGlobalCloud() {
    assertThat(AzureConnectionString.parse("AccountName=acct;AccountKey=a2V5").blobEndpoint)
        .isEqualTo("https://acct.blob.core.windows.net");
  }

  @Test
  void blobEndpointAndSas() {
    AzureConnectionString cs =
        AzureConnectionString.parse(
            "BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1/;SharedAccessSignature=?sv=1&sig=abc");
    assertThat(cs.blobEndpoint).isEqualTo("http://127.0.0.1:10000/devstoreaccount1");
    assertThat(cs.sas).isEqualTo("sv=1&sig=abc");
    assertThat(cs.accountKey).isNull();
    assertThat(cs.toString()).doesNotContain("sig=abc");
  }

  @Test
  void developmentStorage() {
    AzureConnectionString cs = AzureConnectionString.parse("UseDevelopmentStorage=true");
    assertThat(cs.accountName).isEqualTo("devstoreaccount1");
    assertThat(cs.accountKey).isEqualTo(AzureConnectionString.DEV_KEY);
    assertThat(cs.blobEndpoint).isEqualTo("http://127.0.0.1:10000/devstoreaccount1");
  }

  @Test
  void malformedStringsFailWithoutEchoingValues() {
    assertThatThrownBy(() -> AzureConnectionString.parse("AccountName=acct;secretvalue"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("secretvalue");
    assertThatThrownBy(() -> AzureConnectionString.parse("AccountName=acct"))
        .hasMessageContaining("AccountKey");
    assertThatThrownBy(() -> AzureConnectionString.parse("AccountKey=c2VjcmV0"))
        .hasMessageNotContaining("c2VjcmV0");
    assertThatThrownBy(
            () -> AzureConnectionString.parse("BlobEndpoint=ftp://x;SharedAccessSignature=sig=1"))
        .hasMessageContaining("BlobEndpoint");
  }
}
