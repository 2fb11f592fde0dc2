package org.remotestore.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobItem;
import java.io.IOException;
import java.util.Arrays;
import java.util.jar.JarFile;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.util.WrappingProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotestore.testing.azure.AzureTestSupport;
import org.remotestore.testing.azure.Azurite;

/**
 * The packaged plugin jar serves {@code rs://} on the azure backend: its Blob REST client on the
 * bundled (relocated) HttpClient 5, with no Azure SDK inside, talks to Azurite on loopback from the
 * plugin's own class loader, including the JDK XML parser (block lists, listings), for plain
 * writes, the RecoverableWriter, reads, listings and deletes. The raw Azure SDK on the test class
 * path checks what was stored.
 */
class RsAzurePluginIT {
  @TempDir java.nio.file.Path tmp;

  @AfterEach
  void resetFileSystems() {
    FileSystem.initialize(new Configuration(), null);
  }

  @Test
  void theAzureBackendWorksInsideThePluginWithoutTheAzureSdk() throws Exception {
    java.nio.file.Path jar = PluginInstallation.builtJar();
    try (JarFile contents = new JarFile(jar.toFile())) {
      assertThat(contents.getEntry("org/remotestore/azure/AzureBlobBackend.class")).isNotNull();
      assertThat(contents.getEntry("org/remotestore/azure/BlobRestClient.class")).isNotNull();
      assertThat(contents.stream().map(e -> e.getName()))
          .as("no Azure SDK, Jackson or Reactor in the plugin jar, relocated or not")
          .noneMatch(n -> n.contains("com/azure/"))
          .noneMatch(n -> n.contains("com/fasterxml/jackson/"))
          .noneMatch(n -> n.contains("reactor/core/"))
          .noneMatch(n -> n.startsWith("org/remotestore/azure/identity/"))
          .noneMatch(n -> n.endsWith("services/org.remotestore.azure.AzureTokenSource"));
    }
    Azurite azurite = Azurite.shared();
    String container = AzureTestSupport.newContainerName();

    Configuration conf = new Configuration();
    conf.setString("rs.backends.blob.type", "azure");
    AzureTestSupport.options(azurite.blobEndpoint(), container)
        .forEach((key, value) -> conf.setString("rs.backends.blob." + key, value));
    conf.setString("rs.stores.lake.backend", "blob");
    conf.setString("rs.stores.lake.root-path", "prod");
    FileSystem fs = PluginInstallation.install(tmp, jar, conf);

    Path folder = new Path("rs://lake/plain");
    assertThat(fs.exists(folder)).as("nothing written yet (an empty listing)").isFalse();

    Path file = new Path("rs://lake/plain/hello.txt");
    PluginInstallation.writeHello(fs, file);
    assertThat(fs.getFileStatus(file).getLen()).isEqualTo(5);

    PluginInstallation.writePersistRecoverCommit(fs, new Path("rs://lake/sink/part-0"));

    FileStatus[] root = fs.listStatus(new Path("rs://lake/"));
    assertThat(Arrays.stream(root).map(s -> s.getPath().getName()))
        .containsExactlyInAnyOrder("plain", "sink");
    assertThat(Arrays.stream(fs.listStatus(folder)).map(s -> s.getPath().getName()))
        .containsExactly("hello.txt");

    BlobContainerClient client =
        new BlobServiceClientBuilder()
            .connectionString(azurite.connectionString())
            .buildClient()
            .getBlobContainerClient(container);
    assertThat(client.listBlobs().stream().map(BlobItem::getName))
        .containsExactlyInAnyOrder("prod/plain/hello.txt", "prod/sink/part-0");

    assertThat(fs.delete(file, false)).isTrue();
    assertThat(fs.exists(file)).isFalse();
    assertThat(client.listBlobs().stream().map(BlobItem::getName))
        .containsExactly("prod/sink/part-0");
  }

  /**
   * azure-identity is not in the plugin jar: a backend that needs the default credential (no
   * connection string, account key or SAS token) fails with an error naming the keys and the extra
   * jar; with {@code -plugin-azure-identity.jar} next to the plugin jar, the same backend is built
   * (its token source found as a service, no token is fetched and no request is sent).
   */
  @Test
  void theDefaultCredentialNeedsTheExtraAzureIdentityJar() throws Exception {
    java.nio.file.Path jar = PluginInstallation.builtJar();
    java.nio.file.Path identityJar =
        java.nio.file.Path.of(System.getProperty("rs.plugin.azure-identity.jar"));
    assertThat(identityJar).as("the extra jar built by the package phase").isRegularFile();
    try (JarFile contents = new JarFile(identityJar.toFile())) {
      assertThat(
              contents.getEntry(
                  "org/remotestore/shaded/com/azure/identity/DefaultAzureCredentialBuilder.class"))
          .as("azure-identity, relocated like the plugin jar's libraries")
          .isNotNull();
      assertThat(
              contents.getEntry(
                  "org/remotestore/azure/identity/DefaultCredentialTokenSource.class"))
          .as("the token source on azure-identity")
          .isNotNull();
      assertThat(contents.getEntry("META-INF/services/org.remotestore.azure.AzureTokenSource"))
          .isNotNull();
      assertThat(contents.getEntry("org/remotestore/azure/AzureBlobBackend.class")).isNull();
      assertThat(contents.stream().map(e -> e.getName()))
          .as("azure-core, which only azure-identity needs now, comes with it")
          .anyMatch(n -> n.startsWith("org/remotestore/shaded/com/azure/core/"))
          .noneMatch(n -> n.startsWith("org/remotestore/shaded/org/apache/hc/"));
    }
    Configuration conf = new Configuration();
    conf.setString("rs.backends.blob.type", "azure");
    conf.setString("rs.backends.blob.account-name", "devstoreaccount1");
    conf.setString("rs.backends.blob.container", AzureTestSupport.newContainerName());
    conf.setString("rs.backends.blob.endpoint", "https://127.0.0.1:9/devstoreaccount1");
    conf.setString("rs.stores.lake.backend", "blob");

    assertThatThrownBy(() -> PluginInstallation.install(tmp.resolve("without"), jar, conf))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("rs.backends.blob.connection-string")
        .hasMessageContaining("rs.backends.blob.account-key")
        .hasMessageContaining("rs.backends.blob.sas-token")
        .hasMessageContaining("azure-identity")
        .hasMessageContaining("-plugin-azure-identity.jar");
    FileSystem.initialize(new Configuration(), null);

    FileSystem fs = PluginInstallation.install(tmp.resolve("with"), jar, conf, identityJar);
    Object inner = fs;
    while (inner instanceof WrappingProxy<?> proxy
        && !inner.getClass().getName().startsWith("org.remotestore")) {
      inner = proxy.getWrappedDelegate();
    }
    assertThat(inner.getClass().getName()).isEqualTo("org.remotestore.flink.RsFileSystem");
    assertThat(
            inner
                .getClass()
                .getClassLoader()
                .loadClass("org.remotestore.shaded.com.azure.identity.DefaultAzureCredential"))
        .isNotNull();
  }
}
