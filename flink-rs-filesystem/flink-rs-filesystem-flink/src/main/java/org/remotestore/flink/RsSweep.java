package org.remotestore.flink;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.remotestore.ConfigException;
import org.remotestore.Registry;
import org.remotestore.RegistryConfig;
import org.remotestore.Store;
import org.remotestore.config.EnvSubstitution;
import org.remotestore.config.YamlLoader;
import org.remotestore.ext.sweep.OrphanSweeper;
import org.remotestore.ext.sweep.SweepReport;

/**
 * The orphan sweeper as a command: lists, and with {@code --delete} removes, what crashed writers
 * left in one store (see {@link OrphanSweeper}). It is in the plugin jar and uses no Flink class,
 * so it runs without Flink on the class path:
 *
 * <pre>
 * java -cp flink-rs-filesystem-&lt;version&gt;-plugin.jar:slf4j-api.jar org.remotestore.flink.RsSweep \
 *     --config config.yaml --store lake [--prefix silver] [--older-than 24h] \
 *     [--checkpoints rs://lake/checkpoints]... [--delete]
 * </pre>
 *
 * <p>{@code --config} is a YAML file whose {@code rs.} keys (nested or flat, as in Flink's {@code
 * config.yaml}) define the stores; {@code ${VAR}} references are resolved from the environment.
 * {@code --checkpoints} names a checkpoint directory as {@code rs://<store>/<path>} or as a path in
 * the swept store; every leftover that the latest completed checkpoint there refers to is kept.
 * Prints a table and a summary line. Exit code 0 when the sweep ran (and every removal succeeded),
 * 1 when it failed or a removal failed, 2 for bad arguments or configuration.
 */
public final class RsSweep {
  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;

  static final String USAGE_TEXT =
      "Usage: RsSweep --config <config.yaml> --store <name> [--prefix <folder>]"
          + " [--older-than <age, e.g. 24h>] [--checkpoints rs://<store>/<dir>]... [--delete]";

  private RsSweep() {}

  /** Runs the command and exits with its exit code. */
  public static void main(String[] args) {
    int code;
    try {
      code = run(args, System.out, System.err);
    } catch (NoClassDefFoundError e) {
      if (e.getMessage() == null || !e.getMessage().startsWith("org/slf4j")) {
        throw e;
      }
      System.err.println(
          "rs-sweep: SLF4J is missing; put slf4j-api-<version>.jar next to the plugin jar:"
              + " java -cp flink-rs-filesystem-<version>-plugin.jar:slf4j-api-<version>.jar "
              + RsSweep.class.getName()
              + " ...");
      code = FAILED;
    }
    System.exit(code);
  }

  /**
   * Runs the command.
   *
   * @return the exit code: 0 done, 1 failed, 2 bad arguments or configuration
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    Arguments a;
    try {
      a = Arguments.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("rs-sweep: " + e.getMessage());
      err.println(USAGE_TEXT);
      return USAGE;
    }
    RegistryConfig config;
    try {
      config = load(a.config);
    } catch (ConfigException e) {
      err.println("rs-sweep: bad configuration " + a.config + ": " + e.getMessage());
      return USAGE;
    }
    try (Registry registry = Registry.create(config)) {
      OrphanSweeper.Builder sweeper;
      try {
        Store store = registry.store(a.store);
        sweeper =
            OrphanSweeper.builder(store).prefix(a.prefix).olderThan(a.olderThan).deleting(a.delete);
        for (String dir : a.checkpoints) {
          if (dir.startsWith("rs://")) {
            String rest = dir.substring("rs://".length());
            int slash = rest.indexOf('/');
            String name = slash < 0 ? rest : rest.substring(0, slash);
            sweeper.keepReferencedBy(
                registry.store(name), slash < 0 ? "" : rest.substring(slash + 1));
          } else {
            sweeper.keepReferencedBy(store, dir);
          }
        }
      } catch (ConfigException e) {
        err.println("rs-sweep: " + e.getMessage());
        return USAGE;
      } catch (org.remotestore.InvalidPath e) {
        err.println("rs-sweep: --prefix: " + e.getMessage());
        return USAGE;
      }
      SweepReport report;
      try {
        report = sweeper.build().sweep();
      } catch (IOException | RuntimeException e) {
        err.println(
            "rs-sweep: cannot sweep store '"
                + a.store
                + "'"
                + (a.prefix.isEmpty() ? "" : " below '" + a.prefix + "'")
                + ", nothing was removed: "
                + e.getMessage());
        return FAILED;
      }
      out.print(report.toTable());
      if (report.hasFailures()) {
        err.println(
            "rs-sweep: "
                + report.count(SweepReport.Decision.FAILED)
                + " leftover(s) of store '"
                + a.store
                + "' could not be removed; see the DETAIL column");
        return FAILED;
      }
      return OK;
    } catch (IOException e) {
      err.println("rs-sweep: closing the backends failed: " + e.getMessage());
      return FAILED;
    }
  }

  /** The {@code rs.} keys of a YAML file, with {@code ${VAR}} resolved from the environment. */
  private static RegistryConfig load(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ConfigException("--config", "the file does not exist");
    }
    Map<String, String> keys = RsConfigFiles.keys(YamlLoader.load(file));
    return RegistryConfig.fromFlatKeys(keys, EnvSubstitution.system());
  }

  /** The parsed command line. */
  private static final class Arguments {
    Path config;
    String store;
    String prefix = "";
    Duration olderThan = Duration.ofHours(24);
    final List<String> checkpoints = new ArrayList<>();
    boolean delete;

    static Arguments parse(String[] args) {
      Arguments a = new Arguments();
      for (int i = 0; i < args.length; i++) {
        String option = args[i];
        switch (option) {
          case "--delete" -> a.delete = true;
          case "--config" -> a.config = Path.of(value(args, ++i, option));
          case "--store" -> a.store = value(args, ++i, option);
          case "--prefix" -> a.prefix = value(args, ++i, option);
          case "--checkpoints" -> a.checkpoints.add(value(args, ++i, option));
          case "--older-than" -> {
            String text = value(args, ++i, option);
            try {
              a.olderThan = OrphanSweeper.parseAge(text);
            } catch (IllegalArgumentException e) {
              throw new IllegalArgumentException("--older-than: " + e.getMessage());
            }
          }
          default -> throw new IllegalArgumentException("unknown option '" + option + "'");
        }
      }
      if (a.config == null) {
        throw new IllegalArgumentException("--config is required");
      }
      if (a.store == null) {
        throw new IllegalArgumentException("--store is required");
      }
      return a;
    }

    private static String value(String[] args, int i, String option) {
      if (i >= args.length || args[i].startsWith("--")) {
        throw new IllegalArgumentException(option + " needs a value");
      }
      return args[i];
    }
  }
}
