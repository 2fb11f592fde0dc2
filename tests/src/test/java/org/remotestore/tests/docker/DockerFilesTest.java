package org.remotestore.tests.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * What can be checked of {@code docker/} without a Docker engine: {@code docker compose config}
 * accepts the compose file and rejects a broken one (with the compose plugin, or Debian's
 * standalone {@code docker-compose} that {@code .ci/run} installs; skipped, saying so, where
 * neither is there), every file the Dockerfile copies exists at the path the build produces, and
 * the compose service {@code medallion-submit} runs {@code docker/bin/medallion-submit.sh}, the
 * script the process-cluster suites run.
 */
class DockerFilesTest {
  private static final Path REPO = repositoryRoot();
  private static final Path DOCKER = REPO.resolve("docker");

  @Test
  void dockerComposeConfigAcceptsTheComposeFile() throws Exception {
    List<String> compose = composeCommand();
    assumeTrue(
        compose != null,
        "Skipped: neither the docker compose plugin nor the standalone docker-compose is installed"
            + " (.ci/run installs Debian's docker-compose)");
    for (List<String> profile : List.of(List.<String>of(), List.of("--profile", "medallion"))) {
      List<String> cmd = new ArrayList<>(compose);
      cmd.addAll(profile);
      cmd.addAll(List.of("-f", DOCKER.resolve("docker-compose.yml").toString(), "config", "-q"));
      Result config = run(cmd);
      assertThat(config).isNotNull();
      assertThat(config.exit()).as(String.join(" ", cmd) + ":\n" + config.output()).isZero();
    }
  }

  @Test
  void dockerComposeConfigRejectsABrokenComposeFile(@TempDir Path dir) throws Exception {
    List<String> compose = composeCommand();
    assumeTrue(compose != null, "Skipped: no compose command on this machine");
    // the real file with one unknown option in a service: proves the check can fail
    String text = Files.readString(DOCKER.resolve("docker-compose.yml"), StandardCharsets.UTF_8);
    String broken =
        text.replaceFirst("(?m)^  jobmanager:\n", "  jobmanager:\n    no-such-option: 1\n");
    assertThat(broken).isNotEqualTo(text);
    Path file = dir.resolve("docker-compose.yml");
    Files.writeString(file, broken, StandardCharsets.UTF_8);
    List<String> cmd = new ArrayList<>(compose);
    cmd.addAll(List.of("-f", file.toString(), "config", "-q"));
    Result config = run(cmd);
    assertThat(config).isNotNull();
    assertThat(config.exit()).as(config.output()).isNotZero();
    assertThat(config.output()).contains("no-such-option");
  }

  /**
   * {@code docker compose} where the plugin is installed, else Debian's standalone {@code
   * docker-compose} (1.29, which validates the same file offline); null when neither is there.
   */
  private static List<String> composeCommand() throws Exception {
    Result plugin = run(List.of("docker", "compose", "version"));
    if (plugin != null && plugin.exit() == 0) {
      return List.of("docker", "compose");
    }
    Result standalone = run(List.of("docker-compose", "version"));
    if (standalone != null && standalone.exit() == 0) {
      return List.of("docker-compose");
    }
    return null;
  }

  @Test
  void theDockerfileCopiesFilesTheBuildProduces() throws IOException {
    String dockerfile = Files.readString(DOCKER.resolve("Dockerfile"), StandardCharsets.UTF_8);
    String version = projectVersion();
    Matcher arg = Pattern.compile("(?m)^ARG (\\w+)=(\\S+)$").matcher(dockerfile);
    List<String> args = new ArrayList<>();
    while (arg.find()) {
      args.add(arg.group(1));
      assertThat(arg.group(2))
          .as("default of ARG " + arg.group(1) + " names this version's jar")
          .contains("-" + version)
          .endsWith(".jar");
    }
    assertThat(args).containsExactlyInAnyOrder("PLUGIN_JAR", "JOB_JAR", "SQL_JAR");
    assertThat(dockerfile)
        .contains("target/flink-rs-filesystem-" + version + "-plugin.jar")
        .contains("target/medallion-job-" + version + "-job.jar")
        .contains("target/flink-sql-connector-meteoswiss-" + version + ".jar");
    Matcher copy = Pattern.compile("(?m)^COPY (\\S+) (\\S+)$").matcher(dockerfile);
    int copies = 0;
    while (copy.find()) {
      copies++;
      if (!copy.group(1).startsWith("${")) {
        assertThat(REPO.resolve(copy.group(1))).as("COPY source " + copy.group(1)).isRegularFile();
      }
    }
    assertThat(copies).isEqualTo(4);
    assertThat(dockerfile)
        .contains("COPY docker/bin/medallion-submit.sh /opt/flink/bin/medallion-submit.sh");
  }

  @Test
  @SuppressWarnings("unchecked")
  void theSubmitServiceRunsTheScriptTheClusterTestsRun() throws IOException {
    Map<String, Object> compose;
    try (var in = Files.newInputStream(DOCKER.resolve("docker-compose.yml"))) {
      compose = new Yaml().load(in);
    }
    Map<String, Object> services = (Map<String, Object>) compose.get("services");
    assertThat(services)
        .containsKeys("jobmanager", "taskmanager", "minio", "azurite", "medallion-submit");
    Map<String, Object> submit = (Map<String, Object>) services.get("medallion-submit");
    List<String> command = (List<String>) submit.get("command");
    assertThat(command.get(0)).isEqualTo("medallion-submit.sh");
    Path script = DOCKER.resolve("bin/medallion-submit.sh");
    assertThat(script).isRegularFile().isExecutable();
    String text = Files.readString(script, StandardCharsets.UTF_8);
    assertThat(text).startsWith("#!/usr/bin/env bash").contains("exec flink run -m \"$rest\" -d");
    // the rs. keys the image's Flink reads: stores lake and blob, on MinIO and Azurite
    String properties =
        (String)
            ((Map<String, Object>)
                    ((Map<String, Object>) services.get("jobmanager")).get("environment"))
                .get("FLINK_PROPERTIES");
    Map<String, Object> flink = new Yaml().load(properties);
    assertThat(flink)
        .containsEntry("rs.stores.lake.backend", "minio")
        .containsEntry("rs.backends.minio.type", "s3")
        .containsEntry("rs.stores.blob.backend", "azurite")
        .containsEntry("rs.backends.azurite.type", "azure");
  }

  private record Result(int exit, String output) {}

  /** Runs a command; null when it cannot be started (no such program). */
  private static Result run(List<String> cmd) throws Exception {
    Process p;
    try {
      p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    } catch (IOException e) {
      return null;
    }
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", cmd) + " did not finish");
    }
    return new Result(p.exitValue(), out);
  }

  private static String projectVersion() throws IOException {
    String pom = Files.readString(REPO.resolve("pom.xml"), StandardCharsets.UTF_8);
    Matcher m =
        Pattern.compile("<artifactId>remote-store-flink-parent</artifactId>\\s*<version>([^<]+)<")
            .matcher(pom);
    assertThat(m.find()).as("the parent pom's version").isTrue();
    return m.group(1);
  }

  private static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("docker/docker-compose.yml"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("No repository root above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }
}
