package org.remotestore.medallion.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's {@code --lake rs://<store>/<path>} with the store from {@code --rs.*} or a file. */
class DemoLakeTest {
  @TempDir Path tmp;

  @Test
  void theLakeOnAnyStoreWithItsKeysFromOptions() {
    DemoOptions o =
        DemoOptions.parse(
            "--lake", "rs://remote/demo",
            "--rs.backends.b.type", "memory",
            "--rs.stores.remote.backend", "b");
    assertThat(o.lakeRoot()).isEqualTo("rs://remote/demo/");
    assertThat(o.checkpoints()).isEqualTo("rs://remote/demo/_checkpoints");
    assertThat(o.rsKeys()).containsEntry("rs.stores.remote.backend", "b");

    DemoOptions local = DemoOptions.defaults();
    assertThat(local.lake()).isNull();
    assertThat(local.lakeRoot()).isEqualTo(MedallionDemo.LAKE_ROOT);
    assertThat(local.checkpoints()).isEqualTo(MedallionDemo.CHECKPOINTS);
  }

  @Test
  void theStoreKeysOfAFlinkConfigYaml() throws Exception {
    Path conf = tmp.resolve("config.yaml");
    Files.writeString(
        conf,
        String.join(
            "\n",
            "taskmanager.numberOfTaskSlots: 2",
            "rs:",
            "  backends:",
            "    s3lake: {type: s3, bucket: lake, secret-key: \"${S3_SECRET}\"}",
            "rs.stores.lake.backend: s3lake",
            ""));
    DemoOptions o = DemoOptions.parse("--config", conf.toString(), "--lake", "rs://lake/");
    assertThat(o.rsKeys())
        .containsEntry("rs.backends.s3lake.type", "s3")
        .containsEntry("rs.backends.s3lake.secret-key", "${S3_SECRET}")
        .containsEntry("rs.stores.lake.backend", "s3lake")
        .doesNotContainKey("taskmanager.numberOfTaskSlots");
  }

  @Test
  void errorsNameTheOption() {
    assertThatThrownBy(() -> DemoOptions.parse("--lake", "/data/lake"))
        .hasMessageContaining("--lake must be rs://<store>/<path>")
        .hasMessageContaining("'/data/lake'");
    assertThatThrownBy(
            () ->
                DemoOptions.parse(
                    "--lake", "rs://other/",
                    "--rs.backends.b.type", "memory",
                    "--rs.stores.lake.backend", "b"))
        .hasMessageContaining("--lake rs://other/ names store 'other'")
        .hasMessageContaining("rs.stores.other.backend")
        .hasMessageContaining("configured stores: [lake]");
    assertThatThrownBy(() -> DemoOptions.parse("--rs.stores.lake.backend", "b"))
        .hasMessageContaining("give --lake");
    assertThatThrownBy(() -> DemoOptions.parse("--config", tmp.resolve("none.yaml").toString()))
        .hasMessageContaining("--config");
  }
}
