package org.remotestore.medallion.sql;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.ResultKind;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.remotestore.ConfigException;
import org.remotestore.config.ConfigDocument;
import org.remotestore.config.ConfigFlattener;
import org.remotestore.config.YamlLoader;
import org.remotestore.flink.RsFileSystems;

/**
 * Runs the SQL scripts of {@code medallion-job/sql/} in a batch {@link TableEnvironment}, statement
 * by statement, as the Flink SQL client would with {@code -i tables.sql -f examples.sql}.
 *
 * <p>From the command line, against a lake on local disk (the demo's {@code ./data/lake}):
 *
 * <pre>
 * LakeSql --lake ./data/lake medallion-job/sql/tables.sql medallion-job/sql/examples.sql
 * </pre>
 *
 * <p>{@code --lake <folder>} configures the {@code lake} store on the local backend; instead, any
 * {@code rs.} key may be given as {@code -Drs.<key>=<value>} (for a lake on S3 or Azure), in a
 * Flink {@code config.yaml} given with {@code --config <file>}, or in the YAML file named by {@code
 * RS_CONFIG_FILE}. Query results are printed as tables.
 */
public final class LakeSql {
  private static final String USAGE =
      "LakeSql [--config <config.yaml>] [--lake <folder>] [-Dkey=value] <script.sql>...";

  private static final Pattern SET =
      Pattern.compile("(?is)SET\\s+'((?:[^']|'')*)'\\s*=\\s*'((?:[^']|'')*)'");

  /** One executed statement and, for a query, its rows. */
  public record Executed(String statement, ResultKind kind, List<String> columns, List<Row> rows) {
    /** Whether the statement returned rows (a query, {@code SHOW} or {@code EXPLAIN}). */
    public boolean hasRows() {
      return kind == ResultKind.SUCCESS_WITH_CONTENT;
    }
  }

  /** A batch table environment whose configuration holds the given keys. */
  public static TableEnvironment batchEnvironment(Configuration configuration) {
    return TableEnvironment.create(
        EnvironmentSettings.newInstance().inBatchMode().withConfiguration(configuration).build());
  }

  /**
   * Executes every statement of a script in order and collects the rows of each query. A failing
   * statement stops the script with an exception that quotes the statement.
   */
  public static List<Executed> run(TableEnvironment env, String script) {
    List<Executed> executed = new ArrayList<>();
    for (String statement : SqlScript.statements(script)) {
      executed.add(execute(env, statement));
    }
    return executed;
  }

  /**
   * Executes one statement and collects its rows, if any. {@code SET 'key' = 'value'}, a command of
   * the SQL client rather than a SQL statement, sets the key in the environment's configuration as
   * the SQL client does; {@code execution.runtime-mode} must be {@code batch}, the mode of the
   * environments this class creates.
   */
  public static Executed execute(TableEnvironment env, String statement) {
    Matcher set = SET.matcher(withoutComments(statement));
    if (set.matches()) {
      String key = set.group(1).replace("''", "'");
      String value = set.group(2).replace("''", "'");
      if (key.equals("execution.runtime-mode") && !value.equalsIgnoreCase("batch")) {
        throw new IllegalArgumentException(
            "This runner executes scripts in batch mode, but the script sets "
                + key
                + " to '"
                + value
                + "'\n"
                + statement);
      }
      env.getConfig().getConfiguration().setString(key, value);
      return new Executed(statement, ResultKind.SUCCESS, List.of(), List.of());
    }
    TableResult result;
    try {
      result = env.executeSql(statement);
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "SQL statement failed: " + e.getMessage() + "\n" + statement, e);
    }
    List<Row> rows = new ArrayList<>();
    if (result.getResultKind() == ResultKind.SUCCESS_WITH_CONTENT) {
      try (CloseableIterator<Row> it = result.collect()) {
        it.forEachRemaining(rows::add);
      } catch (Exception e) {
        throw new IllegalStateException(
            "Reading the result failed: " + e.getMessage() + "\n" + statement, e);
      }
    }
    return new Executed(
        statement, result.getResultKind(), result.getResolvedSchema().getColumnNames(), rows);
  }

  /** The command line of {@link #main}: the configuration and the scripts, in order. */
  record Invocation(Configuration configuration, List<Path> scripts) {}

  /**
   * Reads the command line {@code [--config <config.yaml>] [--lake <folder>] [-D<key>=<value> ...]
   * <script.sql> ...}. The YAML file (a Flink {@code config.yaml}, nested or flat keys, read with
   * the project's {@link YamlLoader}) comes first, then {@code --lake} and {@code -D} override its
   * keys.
   *
   * @throws IllegalArgumentException for an unknown option or no script
   * @throws org.remotestore.ConfigException naming the file, line and key of a malformed file
   */
  static Invocation parseArgs(String... args) {
    Map<String, String> fromFile = new LinkedHashMap<>();
    Map<String, String> overrides = new LinkedHashMap<>();
    List<Path> scripts = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--lake") || arg.equals("--config")) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(
              arg + " needs a " + (arg.equals("--lake") ? "folder" : "file"));
        }
        String value = args[++i];
        if (arg.equals("--config")) {
          fromFile.putAll(fileKeys(Path.of(value)));
        } else {
          Path lake = Path.of(value).toAbsolutePath().normalize();
          overrides.put("rs.backends.lake-disk.type", "local");
          overrides.put("rs.backends.lake-disk.root", lake.toString());
          overrides.put("rs.stores.lake.backend", "lake-disk");
        }
      } else if (arg.startsWith("-D") && arg.indexOf('=') > 2) {
        int eq = arg.indexOf('=');
        overrides.put(arg.substring(2, eq), arg.substring(eq + 1));
      } else if (arg.startsWith("-")) {
        throw new IllegalArgumentException("Unknown option " + arg + "; usage: " + USAGE);
      } else {
        scripts.add(Path.of(arg));
      }
    }
    if (scripts.isEmpty()) {
      throw new IllegalArgumentException("No script given; usage: " + USAGE);
    }
    Configuration configuration = new Configuration();
    fromFile.forEach(configuration::setString);
    overrides.forEach(configuration::setString);
    return new Invocation(configuration, scripts);
  }

  /** Every key of a Flink {@code config.yaml} as a flat key (lists comma-separated). */
  private static Map<String, String> fileKeys(Path file) {
    ConfigDocument doc = YamlLoader.load(file);
    try {
      return ConfigFlattener.flattenToStrings(doc.root(), "");
    } catch (ConfigException e) {
      throw doc.locate(e, null);
    }
  }

  /**
   * Command line: {@code [--config <config.yaml>] [--lake <folder>] [-Drs.<key>=<value> ...]
   * <script.sql> ...} (see {@link #parseArgs}).
   *
   * @param args the options, then the scripts, run in order in one session
   */
  public static void main(String[] args) throws IOException {
    Invocation invocation = parseArgs(args);
    Configuration configuration = invocation.configuration();
    List<Path> scripts = invocation.scripts();
    RsFileSystems.initialize(configuration);
    TableEnvironment env = batchEnvironment(configuration);
    int failed = 0;
    for (Path script : scripts) {
      for (String statement :
          SqlScript.statements(Files.readString(script, StandardCharsets.UTF_8))) {
        System.out.println("Flink SQL> " + firstCodeLine(statement));
        try {
          if (SET.matcher(withoutComments(statement)).matches()) {
            execute(env, statement);
            System.out.println("[INFO] Execute statement succeeded.");
          } else {
            env.executeSql(statement).print();
          }
        } catch (RuntimeException e) {
          // Go on with the next statement: a gold table, for one, has no folder before the job's
          // first commit to it.
          failed++;
          System.out.println("[ERROR] " + rootMessage(e));
        }
        System.out.println();
      }
    }
    System.exit(failed == 0 ? 0 : 1);
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + root + ")";
  }

  /** The statement without its {@code --} comment lines, trimmed. */
  private static String withoutComments(String statement) {
    StringBuilder code = new StringBuilder();
    for (String line : statement.split("\n")) {
      if (!line.trim().startsWith("--")) {
        code.append(line).append('\n');
      }
    }
    return code.toString().trim();
  }

  /** The statement's first line that is not a comment, for the log of what runs. */
  private static String firstCodeLine(String statement) {
    for (String line : statement.split("\n")) {
      String trimmed = line.trim();
      if (!trimmed.isEmpty() && !trimmed.startsWith("--")) {
        return trimmed;
      }
    }
    return statement;
  }

  private LakeSql() {}
}
