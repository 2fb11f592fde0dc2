package org.remotestore.medallion.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotestore.ConfigException;

/** The command line of {@link LakeSql}: a config.yaml read with the shared loader, then flags. */
class LakeSqlArgsTest {

  @TempDir Path tmp;

  @Test
  void configFileThenLakeAndFlagsOverride() throws Exception {
    Path file = tmp.resolve("config.yaml");
    Files.writeString(
        file,
        """
        rs:
          backends:
            disk: {type: local, root: /data/lake}
          stores:
            lake: {backend: disk, root-path: prod}
        rs.stores.gold.backend: disk
        parallelism.default: 2
        """);
    LakeSql.Invocation inv =
        LakeSql.parseArgs(
            "-Drs.stores.lake.root-path=test", "--config", file.toString(), "a.sql", "b.sql");
    Configuration conf = inv.configuration();
    assertThat(conf.getString("rs.backends.disk.root", null)).isEqualTo("/data/lake");
    assertThat(conf.getString("rs.stores.gold.backend", null)).isEqualTo("disk");
    assertThat(conf.getString("parallelism.default", null)).isEqualTo("2");
    assertThat(conf.getString("rs.stores.lake.root-path", null)).as("-D wins").isEqualTo("test");
    assertThat(inv.scripts()).containsExactly(Path.of("a.sql"), Path.of("b.sql"));

    Configuration lake =
        LakeSql.parseArgs("--config", file.toString(), "--lake", "x", "a.sql").configuration();
    assertThat(lake.getString("rs.stores.lake.backend", null)).isEqualTo("lake-disk");
  }

  @Test
  void badInputIsNamed() throws Exception {
    Path file = tmp.resolve("bad.yaml");
    Files.writeString(file, "rs:\n  stores:\n    lake: [{backend: disk}]\n");
    assertThatThrownBy(() -> LakeSql.parseArgs("--config", file.toString(), "a.sql"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("rs.stores.lake")
        .hasMessageContaining("bad.yaml line 3");
    assertThatThrownBy(
            () -> LakeSql.parseArgs("--config", tmp.resolve("none.yaml").toString(), "a.sql"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("none.yaml");
    assertThatThrownBy(() -> LakeSql.parseArgs("--lake"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--lake");
    assertThatThrownBy(() -> LakeSql.parseArgs("--colour", "a.sql"))
        .hasMessageContaining("Unknown option --colour");
    assertThatThrownBy(() -> LakeSql.parseArgs("-Da=b")).hasMessageContaining("No script");
  }
}
