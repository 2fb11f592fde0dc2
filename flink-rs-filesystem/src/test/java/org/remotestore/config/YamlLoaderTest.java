package org.remotestore.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotestore.ConfigException;
import org.remotestore.RegistryConfig;

/** The shared YAML loader and flattener. */
class YamlLoaderTest {

  private static final String YAML =
      """
      # a comment
      rs:
        backends:
          disk: {type: local, root: /data}
        stores:
          lake:
            backend: disk
            cache:
              enabled: true
              ttl: 5m
            retry: {max-attempts: 3}
      feed:
        stations: [BER, KLO]
        poll-interval: 5 min
      rs.stores.flat.backend: disk
      """;

  @Test
  void nestedMapsFlattenToDottedKeysWithTheirLines() {
    ConfigDocument doc = YamlLoader.parse(YAML, "job.yaml");
    Map<String, Object> flat = doc.flatten();
    assertThat(flat)
        .containsEntry("rs.backends.disk.type", "local")
        .containsEntry("rs.stores.lake.cache.enabled", true)
        .containsEntry("rs.stores.lake.cache.ttl", "5m")
        .containsEntry("rs.stores.lake.retry.max-attempts", 3)
        .containsEntry("feed.stations", List.of("BER", "KLO"))
        .containsEntry("rs.stores.flat.backend", "disk");
    assertThat(doc.line("rs")).isEqualTo(2);
    assertThat(doc.line("rs.stores.lake.cache.ttl")).isEqualTo(10);
    assertThat(doc.line("feed.poll-interval")).isEqualTo(14);
    assertThat(doc.line("rs.stores.flat.backend")).isEqualTo(15);
    assertThat(doc.line("no.such.key")).isEqualTo(-1);
    assertThat(doc.where("rs.stores.lake.cache.ttl")).isEqualTo("job.yaml line 10");
    // a key that is not written is placed at its nearest written parent
    assertThat(doc.where("rs.stores.lake.root-path")).isEqualTo("job.yaml line 6");
    assertThat(ConfigFlattener.flattenToStrings(doc.root(), ""))
        .containsEntry("feed.stations", "BER,KLO")
        .containsEntry("rs.stores.lake.cache.enabled", "true");
  }

  @Test
  void storeOptionMapsBecomeDottedOptions() {
    RegistryConfig config =
        RegistryConfig.fromDocument(YamlLoader.parse(YAML, "job.yaml"), EnvSubstitution.system());
    assertThat(config.store("lake").options())
        .containsEntry("cache.enabled", "true")
        .containsEntry("cache.ttl", "5m")
        .containsEntry("retry.max-attempts", "3");
    assertThat(config.store("flat").backend()).isEqualTo("disk");
  }

  @Test
  void validationErrorsNameFileLineAndKey() {
    String yaml =
        """
        rs:
          backends:
            disk: {type: local}
          stores:
            lake:
              backend: ocean
        """;
    assertThatThrownBy(
            () ->
                RegistryConfig.fromDocument(
                    YamlLoader.parse(yaml, "lake.yaml"), EnvSubstitution.system()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("rs.stores.lake.backend")
        .hasMessageContaining("lake.yaml line 6")
        .satisfies(
            e -> assertThat(((ConfigException) e).key()).isEqualTo("rs.stores.lake.backend"));
    String unwrapped = "backends:\n  disk:\n    type: local\n    root: ${NOPE_NOT_SET}\n";
    assertThatThrownBy(
            () ->
                RegistryConfig.fromDocument(
                    YamlLoader.parse(unwrapped, "b.yaml"), EnvSubstitution.of(k -> null)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("rs.backends.disk.root")
        .hasMessageContaining("NOPE_NOT_SET")
        .hasMessageContaining("b.yaml line 4");
  }

  @Test
  void syntaxErrorsNameFileAndLineButNotTheText(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("broken.yaml");
    Files.writeString(file, "a: 1\nsecret: hunter2-secret\nb: [\n");
    assertThatThrownBy(() -> YamlLoader.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("broken.yaml")
        .hasMessageContaining("line")
        .hasMessageNotContaining("hunter2-secret");
    assertThatThrownBy(() -> YamlLoader.parse("- a\n- b\n", "list.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("list.yaml");
    assertThatThrownBy(() -> YamlLoader.load(dir.resolve("missing.yaml")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("missing.yaml");
    assertThat(YamlLoader.parse("", "empty.yaml").root()).isEmpty();
  }

  @Test
  void theReadmeToolkitExampleRuns(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("rs.yaml");
    Files.writeString(
        file,
        """
        rs:
          backends:
            disk: {type: local, root: /data}
          stores:
            lake:
              backend: disk
              cache: {enabled: true, ttl: 5m}
        """);
    // --- README: the config toolkit ---
    ConfigDocument doc = YamlLoader.load(file);
    RegistryConfig config = RegistryConfig.fromDocument(doc, EnvSubstitution.system());
    int line = doc.line("rs.stores.lake.cache.ttl");
    Map<String, Object> flat = doc.flatten();
    // ---
    assertThat(config.store("lake").options()).containsEntry("cache.ttl", "5m");
    assertThat(line).isEqualTo(7);
    assertThat(flat).containsEntry("rs.stores.lake.cache.ttl", "5m");
    Files.writeString(file, Files.readString(file).replace("backend: disk", "backend: ocean"));
    assertThatThrownBy(
            () -> RegistryConfig.fromDocument(YamlLoader.load(file), EnvSubstitution.system()))
        .hasMessageContaining("rs.stores.lake.backend")
        .hasMessageContaining("rs.yaml line 6");
  }

  @Test
  void nonScalarLeavesAreNamed() {
    assertThatThrownBy(
            () -> ConfigFlattener.flattenToStrings(Map.of("a", Map.of("b", List.of(Map.of()))), ""))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).key()).isEqualTo("a.b"));
    assertThat(ConfigFlattener.scalar(null, "k")).isNull();
    assertThat(ConfigFlattener.flatten(Map.of("a", Map.of()), "p.")).isEmpty();
  }
}
