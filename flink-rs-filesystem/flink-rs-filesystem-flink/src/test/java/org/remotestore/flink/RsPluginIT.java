package org.remotestore.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.jar.JarFile;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.util.WrappingProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged plugin jar ({@code -plugin.jar}, and in a second run {@code -plugin-s3.jar}: system
 * property {@code rs.plugin.jar}) in {@code plugins/rs/} of a temporary Flink installation, loaded
 * by Flink's plugin manager in its own class loader, serves {@code rs://}. Runs in the
 * integration-test phase, with this module's classes kept off the class path.
 */
class RsPluginIT {
  @TempDir java.nio.file.Path tmp;

  @AfterEach
  void resetFileSystems() {
    FileSystem.initialize(new Configuration(), null);
  }

  @Test
  void theShadedJarServesRsPathsFromItsOwnClassLoader() throws Exception {
    java.nio.file.Path jar = PluginInstallation.builtJar();
    try (JarFile contents = new JarFile(jar.toFile())) {
      assertThat(contents.getEntry("org/remotestore/flink/RsFileSystemFactory.class")).isNotNull();
      assertThat(contents.getEntry("org/remotestore/shaded/org/yaml/snakeyaml/Yaml.class"))
          .isNotNull();
      assertThat(contents.getEntry("org/yaml/snakeyaml/Yaml.class")).isNull();
      assertThat(contents.stream().map(e -> e.getName()))
          .noneMatch(n -> n.startsWith("org/apache/flink/"))
          .noneMatch(n -> n.startsWith("org/slf4j/"));
      // Classes are ours, relocated, or kept by design (see the pom): OpenTelemetry API and AWS.
      assertThat(
              contents.stream()
                  .map(e -> e.getName().replaceFirst("^META-INF/versions/\\d+/", ""))
                  .filter(n -> n.endsWith(".class") && !n.startsWith("META-INF/")))
          .allMatch(
              n ->
                  n.startsWith("org/remotestore/")
                      || n.startsWith("io/opentelemetry/")
                      || n.startsWith("software/amazon/"),
              "under org/remotestore/ or a package kept by design");
      // One HTTP client stack (HttpClient 5, relocated), no Netty, no Azure SDK (the azure backend
      // talks REST), and azure-identity (with azure-core, MSAL, Nimbus and JNA) only in its extra
      // jar.
      assertThat(contents.stream().map(e -> e.getName()))
          .noneMatch(n -> n.startsWith("org/remotestore/shaded/org/apache/http/"))
          .noneMatch(n -> n.startsWith("org/remotestore/shaded/io/netty/"))
          .noneMatch(n -> n.startsWith("software/amazon/awssdk/http/apache/"))
          .noneMatch(n -> n.startsWith("org/remotestore/shaded/com/azure/"))
          .noneMatch(n -> n.startsWith("org/remotestore/shaded/com/fasterxml/jackson/"))
          .noneMatch(n -> n.startsWith("org/remotestore/shaded/reactor/"))
          .noneMatch(n -> n.startsWith("org/remotestore/shaded/com/microsoft/aad/"))
          .noneMatch(n -> n.startsWith("com/sun/jna/"));
    }
    assertThatThrownBy(() -> Class.forName("org.remotestore.flink.RsFileSystemFactory"))
        .as("the rs:// classes must come from the plugin, not the class path")
        .isInstanceOf(ClassNotFoundException.class);

    Configuration conf = new Configuration();
    conf.setString("rs.backends.mem.type", "memory");
    conf.setString("rs.backends.mem.instance", "plugin-it");
    conf.setString("rs.stores.lake.backend", "mem");
    FileSystem fs = PluginInstallation.install(tmp, jar, conf);
    Object inner = fs;
    while (inner instanceof WrappingProxy<?> proxy
        && !inner.getClass().getName().startsWith("org.remotestore")) {
      inner = proxy.getWrappedDelegate();
    }
    assertThat(inner.getClass().getName()).isEqualTo("org.remotestore.flink.RsFileSystem");
    ClassLoader pluginLoader = inner.getClass().getClassLoader();
    assertThat(pluginLoader).isNotSameAs(getClass().getClassLoader());
    assertThat(pluginLoader.loadClass("org.remotestore.shaded.org.yaml.snakeyaml.Yaml"))
        .isNotNull();
    // Every backend factory in the merged service file loads with its relocated libraries.
    Class<?> factoryType = pluginLoader.loadClass("org.remotestore.spi.BackendFactory");
    List<String> types = new ArrayList<>();
    for (Object factory : ServiceLoader.load(factoryType, pluginLoader)) {
      types.add((String) factoryType.getMethod("type").invoke(factory));
    }
    assertThat(types).contains(PluginInstallation.listProperty("rs.plugin.backends"));
    for (String absent : PluginInstallation.listProperty("rs.plugin.absent-backends")) {
      assertThat(types).doesNotContain(absent);
    }

    Path file = new Path("rs://lake/plain/hello.txt");
    PluginInstallation.writeHello(fs, file);

    PluginInstallation.writePersistRecoverCommit(fs, new Path("rs://lake/sink/part-0"));
    assertThat(fs.listStatus(new Path("rs://lake/sink"))).hasSize(1);
  }
}
