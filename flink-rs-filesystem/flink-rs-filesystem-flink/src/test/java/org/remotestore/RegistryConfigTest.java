package org.remotestore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegistryConfigTest {

  private static final String SECRET = "wJalrXUtnFEMI-very-secret";

  private static RegistryConfig expected() {
    return RegistryConfig.builder()
        .backend("lake", "local", Map.of("root", "/data/lake"))
        .backend("mem", "memory")
        .store("bronze", "lake", "bronze")
        .store("silver", "lake", "silver/v1", Map.of("entropy-key", "_entropy_"))
        .store("scratch", "mem", "")
        .build();
  }

  @Test
  void flatKeysNestedMapsAndYamlAreEquivalent() {
    Map<String, String> flat = new LinkedHashMap<>();
    flat.put("rs.backends.lake.type", "local");
    flat.put("rs.backends.lake.root", "/data/lake");
    flat.put("rs.backends.mem.type", "memory");
    flat.put("rs.stores.bronze.backend", "lake");
    flat.put("rs.stores.bronze.root-path", "bronze");
    flat.put("rs.stores.silver.backend", "lake");
    flat.put("rs.stores.silver.root-path", "/silver/v1/".substring(1));
    flat.put("rs.stores.silver.entropy-key", "_entropy_");
    flat.put("rs.stores.scratch.backend", "mem");
    flat.put("taskmanager.numberOfTaskSlots", "4");
    flat.put("rs.fs.other-layer-option", "ignored here");

    Map<String, Object> nested =
        Map.of(
            "backends",
            Map.of(
                "lake",
                Map.of("type", "local", "root", "/data/lake"),
                "mem",
                Map.of("type", "memory")),
            "stores",
            Map.of(
                "bronze", Map.of("backend", "lake", "root-path", "bronze"),
                "silver",
                    Map.of("backend", "lake", "root-path", "silver/v1", "entropy-key", "_entropy_"),
                "scratch", Map.of("backend", "mem")));

    String yaml =
        """
        rs:
          backends:
            lake: {type: local, root: /data/lake}
            mem:
              type: memory
          stores:
            bronze: {backend: lake, root-path: bronze}
            silver:
              backend: lake
              root-path: silver//v1/
              entropy-key: _entropy_
            scratch: {backend: mem}
        taskmanager:
          numberOfTaskSlots: 4
        """;

    assertThat(RegistryConfig.fromFlatKeys(flat)).isEqualTo(expected());
    assertThat(RegistryConfig.fromMap(nested)).isEqualTo(expected());
    assertThat(RegistryConfig.fromMap(Map.of("rs", nested))).isEqualTo(expected());
    assertThat(RegistryConfig.fromYaml(yaml)).isEqualTo(expected());
    assertThat(RegistryConfig.fromYaml(new StringReader(yaml))).isEqualTo(expected());
    assertThat(RegistryConfig.fromFlatKeys(expected().toFlatKeys())).isEqualTo(expected());
  }

  @Test
  void accessorsAndDefaults() {
    RegistryConfig config = expected();
    assertThat(config.backends().keySet()).containsExactly("lake", "mem");
    assertThat(config.stores().keySet()).containsExactly("bronze", "scratch", "silver");
    assertThat(config.backend("lake").get("root")).isEqualTo("/data/lake");
    assertThat(config.store("scratch").rootPath()).isEmpty();
    assertThat(config.store("silver").options()).containsEntry("entropy-key", "_entropy_");
    assertThatThrownBy(() -> config.backends().put("x", null))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void yamlScalarsNestedOptionsAndListsBecomeStrings() {
    RegistryConfig config =
        RegistryConfig.fromYaml(
            """
            backends:
              s3lake:
                type: s3
                max-connections: 50
                path-style: true
                proxy: {host: localhost, port: 3128}
                regions: [eu-central-1, eu-west-1]
            """);
    BackendConfig b = config.backend("s3lake");
    assertThat(b.options())
        .containsEntry("max-connections", "50")
        .containsEntry("path-style", "true")
        .containsEntry("proxy.host", "localhost")
        .containsEntry("proxy.port", "3128")
        .containsEntry("regions", "eu-central-1,eu-west-1");
    assertThat(RegistryConfig.fromYaml("").backends()).isEmpty();
  }

  @Test
  void storeNamingAnUnknownBackendNamesItsKey() {
    assertThatThrownBy(
            () ->
                RegistryConfig.fromFlatKeys(
                    Map.of("rs.backends.lake.type", "memory", "rs.stores.x.backend", "ocean")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("rs.stores.x.backend")
        .hasMessageContaining("ocean")
        .hasMessageContaining("[lake]")
        .satisfies(e -> assertThat(((ConfigException) e).key()).isEqualTo("rs.stores.x.backend"));
  }

  @Test
  void storeWithoutBackendNamesItsKey() {
    assertThatThrownBy(() -> RegistryConfig.fromFlatKeys(Map.of("rs.stores.x.root-path", "a")))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).key()).isEqualTo("rs.stores.x.backend"));
  }

  @Test
  void backendWithoutTypeNamesItsKey() {
    assertThatThrownBy(() -> RegistryConfig.fromFlatKeys(Map.of("rs.backends.y.root", "/tmp")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("rs.backends.y.type")
        .satisfies(e -> assertThat(((ConfigException) e).key()).isEqualTo("rs.backends.y.type"));
    assertThatThrownBy(() -> RegistryConfig.fromYaml("backends: {y: {root: /tmp, type: }}"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("rs.backends.y.type");
  }

  @Test
  void malformedKeysAreNamed() {
    for (String key :
        List.of(
            "rs.backends.lake",
            "rs.backends.lake.",
            "rs.backends..type",
            "rs.stores.x",
            "rs.backend.lake.type",
            "rs.store.x.backend")) {
      assertThatThrownBy(() -> RegistryConfig.fromFlatKeys(Map.of(key, "v")))
          .as(key)
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining(key)
          .satisfies(e -> assertThat(((ConfigException) e).key()).isEqualTo(key));
    }
  }

  @Test
  void malformedNamesAndRootPathsAreNamed() {
    assertThatThrownBy(() -> RegistryConfig.builder().backend("my lake", "memory").build())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("rs.backends.my lake");
    assertThatThrownBy(
            () ->
                RegistryConfig.builder()
                    .backend("m", "memory")
                    .store("s", "m", "../escape")
                    .build())
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).key()).isEqualTo("rs.stores.s.root-path"));
    assertThatThrownBy(
            () ->
                RegistryConfig.fromMap(Map.of("backends", Map.of("my.lake", Map.of("type", "x")))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("rs.backends.my.lake");
  }

  @Test
  void malformedSectionsAreNamed() {
    assertThatThrownBy(() -> RegistryConfig.fromMap(Map.of("backendz", Map.of())))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("rs.backendz");
    assertThatThrownBy(() -> RegistryConfig.fromMap(Map.of("backends", "lake")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("rs.backends");
    assertThatThrownBy(() -> RegistryConfig.fromMap(Map.of("stores", Map.of("s", "text"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("rs.stores.s");
    assertThatThrownBy(() -> RegistryConfig.fromYaml("rs: [1, 2]"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("rs");
  }

  @Test
  void yamlSyntaxErrorsNameThePlaceButNotTheText() {
    String broken = "backends:\n  s3: {type: s3, secret-key: " + SECRET + "\n  bad: [";
    assertThatThrownBy(() -> RegistryConfig.fromYaml(broken))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("line")
        .hasMessageNotContaining(SECRET);
  }

  @Test
  void toStringMasksSecrets() {
    RegistryConfig config =
        RegistryConfig.fromFlatKeys(
            Map.of(
                "rs.backends.s3.type", "s3",
                "rs.backends.s3.access-key", "AKIAPUBLIC",
                "rs.backends.s3.secret-key", SECRET,
                "rs.backends.az.type", "azure",
                "rs.backends.az.connection-string", "AccountKey=" + SECRET,
                "rs.stores.x.backend", "s3",
                "rs.stores.x.sas-token", SECRET));
    assertThat(config.toString())
        .doesNotContain(SECRET)
        .contains("AKIAPUBLIC")
        .contains("secret-key=****")
        .contains("sas-token=****");
  }

  @Test
  void malformedValuesOfSecretsAreNotEchoed() {
    BackendConfig b =
        RegistryConfig.fromFlatKeys(
                Map.of("rs.backends.s3.type", "s3", "rs.backends.s3.token-ttl", SECRET))
            .backend("s3");
    assertThatThrownBy(() -> b.getDuration("token-ttl", null))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("rs.backends.s3.token-ttl")
        .hasMessageNotContaining(SECRET);
    assertThatThrownBy(() -> b.getInt("token-ttl", 1)).hasMessageNotContaining(SECRET);
  }

  @Test
  void unknownNamesAreNamedWithTheConfiguredOnes() {
    assertThatThrownBy(() -> expected().store("gold"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("rs.stores.gold")
        .hasMessageContaining("[bronze, scratch, silver]");
    assertThatThrownBy(() -> expected().backend("ocean"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("rs.backends.ocean");
  }
}
