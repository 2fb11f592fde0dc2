package org.remotestore.flink;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.remotestore.ConfigException;
import org.remotestore.Registry;
import org.remotestore.RegistryConfig;
import org.remotestore.Store;
import org.remotestore.StorePaths;
import org.remotestore.config.EnvSubstitution;
import org.remotestore.config.YamlLoader;
import org.remotestore.ext.progress.ConsoleProgress;
import org.remotestore.ext.transfer.ExistingPolicy;
import org.remotestore.ext.transfer.Transfer;
import org.remotestore.ext.transfer.TransferResult;

/**
 * Copies a file or a folder between two {@code rs://} stores (of the same or different backends),
 * with a progress line on the terminal. In the plugin jar, no Flink on the class path:
 *
 * <pre>
 * java -cp flink-rs-filesystem-&lt;version&gt;-plugin.jar:slf4j-api.jar org.remotestore.flink.RsCopy \
 *     --config config.yaml [--overwrite | --skip-existing] [--progress auto|always|never] \
 *     rs://landing/2026/03 rs://lake/bronze/2026/03
 * </pre>
 *
 * <p>A folder is copied with everything below it to the same relative paths; each file is written
 * atomically (see {@link Transfer}). The progress line (bytes, total, percentage, rate, files) goes
 * to standard error and is rewritten in place; with {@code --progress auto} (the default) it is
 * shown only on an interactive terminal, so piped or logged runs stay quiet. A summary line goes to
 * standard output. Exit code 0 when every file was copied (or skipped), 1 when one failed, 2 for
 * bad arguments or configuration.
 */
public final class RsCopy {
  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;

  static final String USAGE_TEXT =
      "Usage: RsCopy --config <config.yaml> [--overwrite | --skip-existing]"
          + " [--progress auto|always|never] rs://<store>/<source> rs://<store>/<target>";

  private RsCopy() {}

  /** Runs the command and exits with its exit code. */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err, System.console() != null));
  }

  /**
   * Runs the command.
   *
   * @param terminal whether standard error is an interactive terminal (for {@code --progress auto})
   * @return the exit code: 0 done, 1 a file failed, 2 bad arguments or configuration
   */
  public static int run(String[] args, PrintStream out, PrintStream err, boolean terminal) {
    Arguments a;
    try {
      a = Arguments.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("rs-copy: " + e.getMessage());
      err.println(USAGE_TEXT);
      return USAGE;
    }
    RegistryConfig config;
    try {
      config = load(a.config);
    } catch (ConfigException e) {
      err.println("rs-copy: bad configuration " + a.config + ": " + e.getMessage());
      return USAGE;
    }
    boolean show = a.progress.equals("always") || (a.progress.equals("auto") && terminal);
    ConsoleProgress progress =
        new ConsoleProgress(show ? err : null, a.source, System::nanoTime, 200_000_000L);
    try (Registry registry = Registry.create(config)) {
      Store source;
      Store target;
      String from;
      String to;
      try {
        source = registry.store(storeOf(a.source));
        target = registry.store(storeOf(a.target));
        from = StorePaths.normalize(pathOf(a.source), source.backendName());
        to = StorePaths.normalize(pathOf(a.target), target.backendName());
      } catch (ConfigException | org.remotestore.InvalidPath e) {
        err.println("rs-copy: " + e.getMessage());
        return USAGE;
      }
      Transfer transfer = Transfer.builder().existing(a.existing).listener(progress).build();
      TransferResult result;
      try {
        if (source.isFile(from)) {
          result = transfer.copyFile(source, from, target, to);
        } else if (from.isEmpty() || source.isFolder(from)) {
          result = transfer.copyFolder(source, from, target, to);
        } else {
          err.println("rs-copy: nothing at " + a.source + " (no file, no folder)");
          return FAILED;
        }
      } catch (IOException | RuntimeException e) {
        progress.finish();
        err.println("rs-copy: " + a.source + " -> " + a.target + " failed: " + e.getMessage());
        return FAILED;
      }
      progress.finish();
      out.println(
          "Copied "
              + result.transferred().size()
              + " file(s), "
              + result.bytesTransferred()
              + " bytes, "
              + a.source
              + " -> "
              + a.target
              + (result.skipped().isEmpty() ? "" : "; skipped " + result.skipped().size())
              + (result.failures().isEmpty() ? "" : "; failed " + result.failures().size()));
      result
          .failures()
          .forEach((file, e) -> err.println("rs-copy: " + file + ": " + e.getMessage()));
      return result.isSuccess() ? OK : FAILED;
    } catch (IOException e) {
      err.println("rs-copy: closing the backends failed: " + e.getMessage());
      return FAILED;
    }
  }

  private static String storeOf(String uri) {
    String rest = uri.substring("rs://".length());
    int slash = rest.indexOf('/');
    return slash < 0 ? rest : rest.substring(0, slash);
  }

  private static String pathOf(String uri) {
    String rest = uri.substring("rs://".length());
    int slash = rest.indexOf('/');
    return slash < 0 ? "" : rest.substring(slash + 1);
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
    ExistingPolicy existing = ExistingPolicy.FAIL;
    String progress = "auto";
    String source;
    String target;

    static Arguments parse(String[] args) {
      Arguments a = new Arguments();
      List<String> uris = new ArrayList<>();
      for (int i = 0; i < args.length; i++) {
        String option = args[i];
        switch (option) {
          case "--config" -> a.config = Path.of(value(args, ++i, option));
          case "--overwrite" -> a.existing = ExistingPolicy.OVERWRITE;
          case "--skip-existing" -> a.existing = ExistingPolicy.SKIP_EXISTING;
          case "--progress" -> {
            a.progress = value(args, ++i, option);
            if (!List.of("auto", "always", "never").contains(a.progress)) {
              throw new IllegalArgumentException("--progress must be auto, always or never");
            }
          }
          default -> {
            if (option.startsWith("--")) {
              throw new IllegalArgumentException("unknown option '" + option + "'");
            }
            if (!option.startsWith("rs://") || option.length() == "rs://".length()) {
              throw new IllegalArgumentException(
                  "'" + option + "' is not an rs://<store>/<path> location");
            }
            uris.add(option);
          }
        }
      }
      if (a.config == null) {
        throw new IllegalArgumentException("--config is required");
      }
      if (uris.size() != 2) {
        throw new IllegalArgumentException("give a source and a target location");
      }
      a.source = uris.get(0);
      a.target = uris.get(1);
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
