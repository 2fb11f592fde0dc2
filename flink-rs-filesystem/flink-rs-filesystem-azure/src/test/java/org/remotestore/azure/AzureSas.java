package org.remotestore.azure;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobContainerClientBuilder;
import com.azure.storage.blob.sas.BlobContainerSasPermission;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;
import com.azure.storage.common.StorageSharedKeyCredential;
import java.time.OffsetDateTime;
import org.remotestore.testing.azure.Azurite;

/** Creates SAS tokens for tests, signed with Azurite's development key. */
final class AzureSas {
  private AzureSas() {}

  /** A container SAS with read, add, create, write, delete and list rights, valid for an hour. */
  static String containerSas(String endpoint, String container) {
    BlobContainerClient client =
        new BlobContainerClientBuilder()
            .endpoint(endpoint)
            .containerName(container)
            .credential(new StorageSharedKeyCredential(Azurite.ACCOUNT, Azurite.ACCOUNT_KEY))
            .httpClient(
                new com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder(
                        java.net.http.HttpClient.newBuilder()
                            .version(java.net.http.HttpClient.Version.HTTP_1_1))
                    .build())
            .buildClient();
    client.createIfNotExists();
    return client.generateSas(
        new BlobServiceSasSignatureValues(
            OffsetDateTime.now().plusHours(1), BlobContainerSasPermission.parse("racwdl")));
  }
}
