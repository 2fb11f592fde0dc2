package org.remotestore.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.util.jar.JarFile;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotestore.testing.sql.PostgresTestServer;

/**
 * The sql-blob backend from the packaged plugin jar, loaded by Flink's plugin manager: on
 * PostgreSQL with the driver bundled (relocated) in the jar, and on SQLite with the unbundled
 * {@code sqlite-jdbc} jar dropped next to the plugin in {@code plugins/rs/} (it is kept off this
 * test's class path, so the driver can only come from the plugin folder).
 */
class RsSqlPluginIT {
  @TempDir java.nio.file.Path tmp;

  @AfterEach
  void resetFileSystems() {
    FileSystem.initialize(new Configuration(), null);
  }

  @Test
  void postgresDriverIsBundledAndFoundInThePluginClassLoader() throws Exception {
    java.nio.file.Path jar = PluginInstallation.builtJar();
    try (JarFile contents = new JarFile(jar.toFile())) {
      assertThat(contents.getEntry("org/remotestore/shaded/org/postgresql/Driver.class"))
          .isNotNull();
      assertThat(contents.stream().map(e -> e.getName()))
          .noneMatch(n -> n.startsWith("org/sqlite/") || n.contains("/org/sqlite/"));
    }
    PostgresTestServer server = PostgresTestServer.shared();
    Configuration conf = new Configuration();
    conf.setString("rs.backends.pg.type", "sql-blob");
    conf.setString("rs.backends.pg.url", server.url(server.newDatabase("plugin_it")));
    conf.setString("rs.backends.pg.user", "postgres");
    conf.setString("rs.backends.pg.password", "unused-by-trust-auth");
    conf.setString("rs.stores.lake.backend", "pg");
    FileSystem fs = PluginInstallation.install(tmp, jar, conf);
    PluginInstallation.writeHello(fs, new Path("rs://lake/plain/hello.txt"));
    PluginInstallation.writePersistRecoverCommit(fs, new Path("rs://lake/sink/part-0"));
    assertThat(fs.listStatus(new Path("rs://lake/sink"))).hasSize(1);
  }

  @Test
  void sqliteDriverDroppedIntoPluginsRsIsFound() throws Exception {
    assertThatThrownBy(() -> Class.forName("org.sqlite.JDBC"))
        .as("sqlite-jdbc must not be on the test class path")
        .isInstanceOf(ClassNotFoundException.class);
    java.nio.file.Path driver = java.nio.file.Path.of(System.getProperty("rs.sqlite.jar"));
    assertThat(driver).isRegularFile();
    java.nio.file.Path pluginFolder = tmp.resolve("plugins").resolve("rs");
    Files.createDirectories(pluginFolder);
    Files.copy(driver, pluginFolder.resolve(driver.getFileName()));

    Configuration conf = new Configuration();
    conf.setString("rs.backends.lite.type", "sql-blob");
    conf.setString("rs.backends.lite.url", "jdbc:sqlite:" + tmp.resolve("lake.db"));
    conf.setString("rs.stores.lake.backend", "lite");
    FileSystem fs = PluginInstallation.install(tmp, PluginInstallation.builtJar(), conf);
    PluginInstallation.writeHello(fs, new Path("rs://lake/plain/hello.txt"));
    PluginInstallation.writePersistRecoverCommit(fs, new Path("rs://lake/sink/part-0"));
    assertThat(fs.listStatus(new Path("rs://lake/sink"))).hasSize(1);
  }
}
