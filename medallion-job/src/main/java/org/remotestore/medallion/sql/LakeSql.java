package org.remotestore.medallion.sql;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.ResultKind;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
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
 * {@code rs.} key may be given as {@code -Drs.<key>=<value>} (for a lake on S3 or Azure), or in the
 * YAML file named by {@code RS_CONFIG_FILE}. Query results are printed as tables.
 */
public final class LakeSql {
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

  /**
   * Command line: {@code [--lake <folder>] [-Drs.<key>=<value> ...] <script.sql> ...}.
   *
   * @param args the options, then the scripts, run in order in one session
   */
  public static void main(String[] args) throws IOException {
    Configuration configuration = new Configuration();
    List<Path> scripts = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--lake")) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("--lake needs a folder");
        }
        Path lake = Path.of(args[++i]).toAbsolutePath().normalize();
        configuration.setString("rs.backends.lake-disk.type", "local");
        configuration.setString("rs.backends.lake-disk.root", lake.toString());
        configuration.setString("rs.stores.lake.backend", "lake-disk");
      } else if (arg.startsWith("-D") && arg.indexOf('=') > 2) {
        int eq = arg.indexOf('=');
        configuration.setString(arg.substring(2, eq), arg.substring(eq + 1));
      } else if (arg.startsWith("-")) {
        throw new IllegalArgumentException(
            "Unknown option "
                + arg
                + "; usage: LakeSql [--lake <folder>] [-Dkey=value] <script.sql>...");
      } else {
        scripts.add(Path.of(arg));
      }
    }
    if (scripts.isEmpty()) {
      throw new IllegalArgumentException(
          "No script given; usage: LakeSql [--lake <folder>] [-Dkey=value] <script.sql>...");
    }
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
