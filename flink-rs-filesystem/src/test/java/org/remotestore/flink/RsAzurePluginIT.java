package org.remotestore.flink;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobItem;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.jar.JarFile;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.FileSystem.WriteMode;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.fs.RecoverableFsDataOutputStream;
import org.apache.flink.core.fs.RecoverableWriter;
import org.apache.flink.core.plugin.DefaultPluginManager;
import org.apache.flink.core.plugin.DirectoryBasedPluginFinder;
import org.apache.flink.core.plugin.PluginManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotestore.testing.azure.AzureTestSupport;
import org.remotestore.testing.azure.Azurite;

/**
 * The packaged plugin jar serves {@code rs://} on the azure backend: the Azure SDK bundled (and
 * relocated) inside the plugin talks to Azurite on loopback from the plugin's own class loader,
 * including its XML stack (block lists, listings, error bodies), for plain writes, the
 * RecoverableWriter, reads, listings and deletes.
 */
class RsAzurePluginIT {
  @TempDir java.nio.file.Path tmp;

  @AfterEach
  void resetFileSystems() {
    FileSystem.initialize(new Configuration(), null);
  }

  @Test
  void theBundledAzureSdkWorksInsideThePlugin() throws Exception {
    java.nio.file.Path jar = java.nio.file.Path.of(System.getProperty("rs.plugin.jar"));
    assertThat(jar).as("the plugin jar built by the package phase").isRegularFile();
    try (JarFile contents = new JarFile(jar.toFile())) {
      assertThat(contents.getEntry("org/remotestore/azure/AzureBlobBackend.class")).isNotNull();
      assertThat(contents.getEntry("com/azure/storage/blob/BlobServiceClient.class"))
          .as("the Azure SDK is relocated, not left at its own package names")
          .isNull();
    }
    Azurite azurite = Azurite.shared();
    String container = AzureTestSupport.newContainerName();

    java.nio.file.Path plugins = tmp.resolve("plugins");
    Files.createDirectories(plugins.resolve("rs"));
    Files.copy(jar, plugins.resolve("rs").resolve(jar.getFileName()));
    Configuration conf = new Configuration();
    conf.setString("rs.backends.blob.type", "azure");
    AzureTestSupport.options(azurite.blobEndpoint(), container)
        .forEach((key, value) -> conf.setString("rs.backends.blob." + key, value));
    conf.setString("rs.stores.lake.backend", "blob");
    conf.setString("rs.stores.lake.root-path", "prod");
    PluginManager plugInManager =
        new DefaultPluginManager(
            new DirectoryBasedPluginFinder(plugins).findPlugins(),
            CoreOptions.getPluginParentFirstLoaderPatterns(conf));
    FileSystem.initialize(conf, plugInManager);
    FileSystem fs = FileSystem.get(URI.create("rs://lake/"));

    Path folder = new Path("rs://lake/plain");
    assertThat(fs.exists(folder)).as("nothing written yet (an empty listing)").isFalse();

    Path file = new Path("rs://lake/plain/hello.txt");
    try (FSDataOutputStream out = fs.create(file, WriteMode.NO_OVERWRITE)) {
      out.write("hello".getBytes(StandardCharsets.UTF_8));
    }
    assertThat(read(fs, file)).isEqualTo("hello");
    assertThat(fs.getFileStatus(file).getLen()).isEqualTo(5);

    RecoverableWriter writer = fs.createRecoverableWriter();
    RecoverableFsDataOutputStream stream = writer.open(new Path("rs://lake/sink/part-0"));
    stream.write("exactly once".getBytes(StandardCharsets.UTF_8));
    RecoverableWriter.ResumeRecoverable resume = stream.persist();
    byte[] serialized = writer.getResumeRecoverableSerializer().serialize(resume);
    stream.close();
    RecoverableFsDataOutputStream resumed =
        writer.recover(
            writer
                .getResumeRecoverableSerializer()
                .deserialize(writer.getResumeRecoverableSerializer().getVersion(), serialized));
    resumed.write("!".getBytes(StandardCharsets.UTF_8));
    resumed.closeForCommit().commit();
    assertThat(read(fs, new Path("rs://lake/sink/part-0"))).isEqualTo("exactly once!");

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

  private static String read(FileSystem fs, Path path) throws java.io.IOException {
    try (FSDataInputStream in = fs.open(path)) {
      return new String(((InputStream) in).readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
