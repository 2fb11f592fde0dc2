package org.remotestore.flink.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rs://} in a plain {@code main} run locally (as from an IDE): no {@code
 * RsFileSystems.initialize} call, no {@code RS_CONFIG_FILE}; the {@code rs.} keys are in the job's
 * configuration, or in {@code $FLINK_CONF_DIR/config.yaml}. Each run is a child JVM, so nothing
 * this test JVM configured can help.
 */
class MiniClusterConfigTest {

  @Test
  void rsKeysInTheJobConfigurationAreEnough(@TempDir Path dir) throws Exception {
    Path root = Files.createDirectories(dir.resolve("lake"));
    String output = runChild(dir, Map.of(), "conf", root.toString());
    assertEveryLineCommittedOnce(root, output);
  }

  @Test
  void rsKeysInFlinkConfDirConfigYamlAreEnough(@TempDir Path dir) throws Exception {
    Path root = Files.createDirectories(dir.resolve("lake"));
    Path confDir = Files.createDirectories(dir.resolve("conf"));
    Files.writeString(
        confDir.resolve("config.yaml"),
        "rs.backends.disk.type: local\n"
            + "rs.backends.disk.root: "
            + root
            + "\n"
            + "rs.stores.plain.backend: disk\n",
        StandardCharsets.UTF_8);
    String output = runChild(dir, Map.of("FLINK_CONF_DIR", confDir.toString()), "none");
    assertEveryLineCommittedOnce(root, output);
  }

  @Test
  void withoutAnyRsKeyTheErrorSaysWhatToConfigure(@TempDir Path dir) throws Exception {
    ProcessResult result = start(dir, Map.of(), "none");
    assertThat(result.exitCode()).as(result.output()).isNotZero();
    assertThat(result.output())
        .contains("Unknown store 'plain'")
        .contains("rs.stores.plain.backend");
  }

  private static void assertEveryLineCommittedOnce(Path root, String output) throws IOException {
    assertThat(output).contains("job finished");
    List<String> lines = new ArrayList<>();
    List<Path> hidden;
    try (Stream<Path> files = Files.walk(root.resolve("out"))) {
      List<Path> all = files.filter(Files::isRegularFile).toList();
      hidden = all.stream().filter(p -> p.getFileName().toString().startsWith(".")).toList();
      for (Path part : all) {
        if (!part.getFileName().toString().startsWith(".")) {
          lines.addAll(Files.readAllLines(part, StandardCharsets.UTF_8));
        }
      }
    }
    assertThat(hidden).as("in-progress files left visible").isEmpty();
    assertThat(lines).hasSize(PlainMainJob.LINES);
    assertThat(new TreeSet<>(lines))
        .isEqualTo(
            IntStream.range(0, PlainMainJob.LINES)
                .mapToObj(String::valueOf)
                .collect(Collectors.toCollection(TreeSet::new)));
    assertThat(root.resolve("checkpoints")).as("checkpoints on rs://plain/").isDirectory();
  }

  private static String runChild(Path dir, Map<String, String> env, String... args)
      throws Exception {
    ProcessResult result = start(dir, env, args);
    assertThat(result.exitCode()).as("child exit; output:%n%s", result.output()).isZero();
    return result.output();
  }

  private record ProcessResult(int exitCode, String output) {}

  private static ProcessResult start(Path dir, Map<String, String> env, String... args)
      throws Exception {
    String classPath = System.getProperty("surefire.test.class.path");
    if (classPath == null || classPath.isBlank()) {
      classPath = System.getProperty("java.class.path");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.add("-cp");
    command.add(classPath);
    command.add(PlainMainJob.class.getName());
    command.addAll(List.of(args));
    Path log = dir.resolve("child-" + System.nanoTime() + ".log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.redirectOutput(log.toFile());
    builder.environment().remove("RS_CONFIG_FILE");
    builder.environment().remove("FLINK_CONF_DIR");
    builder.environment().putAll(env);
    Process child = builder.start();
    boolean finished = child.waitFor(5, TimeUnit.MINUTES);
    if (!finished) {
      child.destroyForcibly();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(finished).as("child finished; output:%n%s", output).isTrue();
    return new ProcessResult(child.exitValue(), output);
  }
}
