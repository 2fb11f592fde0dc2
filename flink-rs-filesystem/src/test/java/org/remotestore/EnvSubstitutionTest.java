package org.remotestore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.remotestore.config.EnvSubstitution;

/** {@code ${NAME}} and {@code ${NAME:-default}} in configuration values. */
class EnvSubstitutionTest {

  private static final String SAS = "sv=2024-11-04&sig=c2VjcmV0LXNpZ25hdHVyZQ";

  private static final EnvSubstitution ENV =
      EnvSubstitution.of(
          Map.of(
                  "HOST", "lake.example.org",
                  "PORT", "8443",
                  "AZURE_LAKE_SAS", SAS,
                  "EMPTY", "",
                  "ROOT", "/data/lake")
              ::get);

  @Test
  void resolvesFromTheInjectedLookup() {
    assertThat(ENV.resolve("rs.backends.web.host", "${HOST}")).isEqualTo("lake.example.org");
    assertThat(ENV.resolve("k", "no references here")).isEqualTo("no references here");
    assertThat(ENV.resolve("k", "costs $5 and {braces}")).isEqualTo("costs $5 and {braces}");
    assertThat(ENV.resolve("k", null)).isNull();
  }

  @Test
  void severalReferencesInOneValueAndDefaults() {
    assertThat(ENV.resolve("k", "https://${HOST}:${PORT:-443}/x"))
        .isEqualTo("https://lake.example.org:8443/x");
    assertThat(ENV.resolve("k", "https://${HOST}:${NO_SUCH_PORT:-443}/x"))
        .isEqualTo("https://lake.example.org:443/x");
    assertThat(ENV.resolve("k", "${NO_SUCH:-}")).isEmpty();
    assertThat(ENV.resolve("k", "${EMPTY:-fallback}")).isEqualTo("fallback");
    assertThat(ENV.resolve("k", "[${EMPTY}]")).isEqualTo("[]");
    assertThat(ENV.resolve("k", "${NO_SUCH:-a:-b}")).isEqualTo("a:-b");
  }

  @Test
  void dollarDollarBraceIsALiteral() {
    assertThat(ENV.resolve("k", "$${HOST}")).isEqualTo("${HOST}");
    assertThat(ENV.resolve("k", "$${HOST} is ${HOST}")).isEqualTo("${HOST} is lake.example.org");
    assertThat(ENV.resolve("k", "$$${HOST}")).isEqualTo("$${HOST}");
    for (String literal : List.of("${X}", "$${X}", "a$", "$", "${", "x${y:-z}$")) {
      assertThat(ENV.resolve("k", EnvSubstitution.escape(literal))).as(literal).isEqualTo(literal);
    }
  }

  @Test
  void aRealSystemPropertyIsFound() {
    String name = "rs.test.env-substitution." + System.nanoTime();
    System.setProperty(name, "from-a-property");
    try {
      assertThat(EnvSubstitution.system().resolve("k", "<${" + name + "}>"))
          .isEqualTo("<from-a-property>");
      RegistryConfig config =
          RegistryConfig.fromFlatKeys(
              Map.of("rs.backends.m.type", "memory", "rs.backends.m.label", "${" + name + "}"));
      assertThat(config.backend("m").options()).containsEntry("label", "from-a-property");
    } finally {
      System.clearProperty(name);
    }
  }

  @Test
  void anUnsetVariableNamesTheKeyAndTheVariableButNoValue() {
    String value = SAS + "&extra=${MISSING_SAS_PART}";
    assertThatThrownBy(() -> ENV.resolve("rs.backends.blob.sas-token", value))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("rs.backends.blob.sas-token")
        .hasMessageContaining("MISSING_SAS_PART")
        .hasMessageNotContaining(SAS)
        .satisfies(
            e -> assertThat(((ConfigException) e).key()).isEqualTo("rs.backends.blob.sas-token"));
    assertThatThrownBy(
            () ->
                RegistryConfig.fromFlatKeys(
                    Map.of(
                        "rs.backends.blob.type", "azure",
                        "rs.backends.blob.sas-token", "${HOST}${NOT_SET}"),
                    ENV))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("rs.backends.blob.sas-token")
        .hasMessageContaining("NOT_SET")
        .hasMessageNotContaining("lake.example.org");
    assertThatThrownBy(() -> ENV.resolve("rs.stores.s.root-path", "/x/${UNCLOSED"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("rs.stores.s.root-path");
    assertThatThrownBy(() -> ENV.resolve("rs.stores.s.root-path", "${1BAD}"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("rs.stores.s.root-path");
  }

  @Test
  void flatKeysYamlAndBuilderResolveEveryValue() {
    RegistryConfig expected =
        RegistryConfig.builder()
            .backend(
                "disk", "local", Map.of("root", "/data/lake", "url", "https://lake.example.org"))
            .store("lake", "disk", "prod/8443", Map.of("cache.ttl", "5m"))
            .build();
    RegistryConfig flat =
        RegistryConfig.fromFlatKeys(
            Map.of(
                "rs.backends.disk.type", "${TYPE:-local}",
                "rs.backends.disk.root", "${ROOT}",
                "rs.backends.disk.url", "https://${HOST}",
                "rs.stores.lake.backend", "disk",
                "rs.stores.lake.root-path", "prod/${PORT}",
                "rs.stores.lake.cache.ttl", "${TTL:-5m}"),
            ENV);
    RegistryConfig yaml =
        RegistryConfig.fromYaml(
            """
            rs:
              backends:
                disk: {type: local, root: "${ROOT}", url: "https://${HOST}"}
              stores:
                lake:
                  backend: disk
                  root-path: prod/${PORT}
                  cache: {ttl: "${TTL:-5m}"}
            """,
            ENV);
    RegistryConfig built =
        RegistryConfig.builder()
            .variables(ENV)
            .backend("disk", "local", Map.of("root", "${ROOT}", "url", "https://${HOST}"))
            .store("lake", "disk", "prod/${PORT}", Map.of("cache.ttl", "${TTL:-5m}"))
            .build();
    assertThat(flat).isEqualTo(expected);
    assertThat(yaml).isEqualTo(expected);
    assertThat(built).isEqualTo(expected);
    // a resolved configuration copied into a builder is not resolved a second time
    RegistryConfig literal =
        RegistryConfig.fromFlatKeys(
            Map.of("rs.backends.m.type", "memory", "rs.backends.m.note", "$${HOST}"), ENV);
    assertThat(literal.backend("m").options()).containsEntry("note", "${HOST}");
    assertThat(RegistryConfig.builder().variables(ENV).backend(literal.backend("m")).build())
        .isEqualTo(literal);
  }

  @Test
  void theReadmeAzureExampleParsesIntoTheSasToken() throws IOException {
    String yaml = readmeBlockWith("${AZURE_LAKE_SAS}");
    RegistryConfig config = RegistryConfig.fromYaml(yaml, ENV);
    assertThat(config.backend("blob").type()).isEqualTo("azure");
    assertThat(config.backend("blob").options()).containsEntry("sas-token", SAS);
    assertThat(config.store("lake").rootPath()).isEqualTo("prod");
    assertThat(config.toString()).doesNotContain(SAS).contains("sas-token=****");
    assertThat(config.backend("blob").toString()).doesNotContain(SAS);
  }

  @Test
  void theReadmeVariablesExampleParses() throws IOException {
    String yaml = readmeBlockWith("${LAKE_PORT:-443}");
    EnvSubstitution env =
        EnvSubstitution.of(Map.of("LAKE_HOST", "h.example", "S3_SECRET", SAS)::get);
    RegistryConfig config = RegistryConfig.fromYaml(yaml, env);
    assertThat(config.backend("web").options())
        .containsEntry("base-url", "https://h.example:443/data");
    assertThat(config.backend("s3lake").options())
        .containsEntry("bucket", "lake")
        .containsEntry("secret-key", SAS);
    assertThat(config.store("lake").rootPath()).isEqualTo("dev");
    assertThat(config.store("lake").options()).containsEntry("note", "${not-a-variable}");
    assertThatThrownBy(
            () -> RegistryConfig.fromYaml(yaml, EnvSubstitution.of(Map.of("LAKE_HOST", "h")::get)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("rs.backends.s3lake.secret-key")
        .hasMessageContaining("S3_SECRET");
  }

  @Test
  void toStringMasksSecretsAfterSubstitution() {
    RegistryConfig config =
        RegistryConfig.fromFlatKeys(
            Map.of(
                "rs.backends.web.type", "http",
                "rs.backends.web.base-url",
                    "https://u:${AZURE_LAKE_SAS}@${HOST}/x?${AZURE_LAKE_SAS}",
                "rs.backends.web.password", "${AZURE_LAKE_SAS}",
                "rs.stores.s.backend", "web",
                "rs.stores.s.token", "${AZURE_LAKE_SAS}"),
            ENV);
    assertThat(config.backend("web").options()).containsEntry("password", SAS);
    assertThat(config.toString())
        .doesNotContain(SAS)
        .doesNotContain("sig=")
        .contains("password=****")
        .contains("lake.example.org");
  }

  /** The fenced YAML block of a module or root README that contains {@code marker}. */
  private static String readmeBlockWith(String marker) throws IOException {
    List<Path> candidates = new ArrayList<>();
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      candidates.add(dir.resolve("README.md"));
      candidates.add(dir.resolve("flink-rs-filesystem").resolve("README.md"));
    }
    for (Path readme : candidates) {
      if (!Files.isRegularFile(readme)) {
        continue;
      }
      String text = Files.readString(readme, StandardCharsets.UTF_8);
      int at = text.indexOf(marker);
      if (at < 0) {
        continue;
      }
      int start = text.lastIndexOf("```yaml", at);
      int end = text.indexOf("```", at);
      assertThat(start).as("yaml block around %s in %s", marker, readme).isNotNegative();
      return text.substring(text.indexOf('\n', start) + 1, end);
    }
    throw new AssertionError("No README holds " + marker);
  }
}
