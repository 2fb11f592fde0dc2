package org.remotestore.tests.cluster;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.util.config.memory.ProcessMemoryUtils;

/**
 * A standalone Flink session cluster as separate processes, the way a distribution runs it: a
 * JobManager ({@code StandaloneSessionClusterEntrypoint}) and a TaskManager ({@code
 * TaskManagerRunner}) in child JVMs with a configuration directory and a plugins directory, and
 * {@code flink run} ({@code CliFrontend}) as a third child JVM.
 *
 * <p>The child class path is Flink's own jars and their dependencies, taken from this JVM's class
 * path without this project's modules and without the libraries that only the job jar or the plugin
 * jar bring (Parquet, Hadoop, cloud SDKs): what a job needs beyond Flink must come from its jar,
 * and {@code rs://} from the plugin.
 */
final class FlinkProcessCluster implements AutoCloseable {

  /** Class path entries a Flink distribution does not have. */
  private static final List<String> NOT_IN_FLINK_DIST =
      List.of(
          "/org/remotestore/",
          // this project's modules: target/classes in a `test` run, target/*.jar in `verify`
          "/target/",
          "/org/apache/parquet/",
          "/org/apache/hadoop/",
          "/software/amazon/",
          "/com/azure/",
          "/com/microsoft/",
          "/org/apache/httpcomponents/client5/",
          "/org/apache/httpcomponents/core5/",
          "/org/yaml/snakeyaml/",
          // the test servers of the cluster tests (S3Proxy, MINA SSHD, embedded PostgreSQL)
          "/org/gaul/",
          "/org/apache/jclouds/",
          "/org/eclipse/jetty/",
          "/org/apache/sshd/",
          "/io/zonky/",
          "/org/postgresql/",
          // Parquet for reading the lake back in the test (and its codecs); a job brings its own
          "/flink-parquet/",
          "/org/xerial/",
          "/com/github/luben/",
          "/io/airlift/",
          "/it/unimi/",
          // in a distribution's opt/ (the SQL client adds it to its own class path)
          "/flink-python/");

  private static final List<String> JAVA_OPTS =
      List.of(
          "--add-opens=java.base/java.util=ALL-UNNAMED",
          "--add-opens=java.base/java.lang=ALL-UNNAMED",
          "--add-opens=java.base/java.net=ALL-UNNAMED",
          "--add-opens=java.base/java.io=ALL-UNNAMED",
          "--add-opens=java.base/java.nio=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
          "--add-opens=java.base/java.text=ALL-UNNAMED",
          "--add-opens=java.base/java.time=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED",
          "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
          "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
          "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED");

  private static final int SLOTS = 2;
  private static final String TM_PROCESS_MEMORY = "1024m";
  private static final String TM_MANAGED_MEMORY = "64m";

  private final Path home;
  private final Path confDir;
  private final Path pluginsDir;
  private final int restPort;
  private final String classPath;
  private final List<Process> processes = new ArrayList<>();
  private final List<Process> taskManagers = new ArrayList<>();
  private final List<Process> jobManagers = new ArrayList<>();
  private final Map<Process, Path> taskManagerLogs = new java.util.HashMap<>();
  private final int slots;
  private final HttpClient http = HttpClient.newHttpClient();

  /**
   * Prepares (does not start) a cluster in {@code home}: {@code conf/config.yaml} with {@code
   * extraConfig} and loopback ports, {@code plugins/rs/} holding {@code pluginJar}.
   */
  FlinkProcessCluster(Path home, Path pluginJar, Map<String, String> extraConfig)
      throws IOException {
    this.home = home;
    this.confDir = Files.createDirectories(home.resolve("conf"));
    this.pluginsDir = home.resolve("plugins");
    Path rs = Files.createDirectories(pluginsDir.resolve("rs"));
    Files.copy(pluginJar, rs.resolve(pluginJar.getFileName()));
    this.restPort = freePort();
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put("jobmanager.rpc.address", "127.0.0.1");
    conf.put("jobmanager.rpc.port", Integer.toString(freePort()));
    conf.put("jobmanager.bind-host", "127.0.0.1");
    conf.put("jobmanager.memory.process.size", "768m");
    conf.put("taskmanager.bind-host", "127.0.0.1");
    conf.put("taskmanager.host", "127.0.0.1");
    conf.put("taskmanager.numberOfTaskSlots", Integer.toString(SLOTS));
    conf.put("taskmanager.memory.process.size", TM_PROCESS_MEMORY);
    conf.put("taskmanager.memory.managed.size", TM_MANAGED_MEMORY);
    conf.put("rest.address", "127.0.0.1");
    conf.put("rest.bind-address", "127.0.0.1");
    conf.put("rest.port", Integer.toString(restPort));
    conf.put("parallelism.default", "1");
    conf.putAll(extraConfig);
    this.slots = Integer.parseInt(conf.get("taskmanager.numberOfTaskSlots").trim());
    Files.writeString(
        confDir.resolve("config.yaml"),
        conf.entrySet().stream()
                .map(e -> e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining("\n"))
            + "\n");
    Files.writeString(
        confDir.resolve("log4j.properties"),
        String.join(
            "\n",
            "rootLogger.level = INFO",
            "rootLogger.appenderRef.file.ref = file",
            "appender.file.type = File",
            "appender.file.name = file",
            "appender.file.fileName = ${sys:log.file}",
            "appender.file.layout.type = PatternLayout",
            "appender.file.layout.pattern = %d{HH:mm:ss,SSS} %-5p %c - %m%n",
            ""));
    this.classPath =
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .filter(e -> NOT_IN_FLINK_DIST.stream().noneMatch(e.replace('\\', '/')::contains))
            .collect(Collectors.joining(File.pathSeparator));
  }

  /** Starts the JobManager and the TaskManager and waits until the TaskManager registered. */
  void start(Duration timeout) throws Exception {
    start(timeout, 1);
  }

  /**
   * Starts the JobManager and {@code taskManagers} TaskManagers, one after the other (JVMs starting
   * together on a small machine can miss their RPC start-up timeout), until all registered.
   */
  void start(Duration timeout, int taskManagers) throws Exception {
    startJobManager();
    for (int i = 1; i <= taskManagers; i++) {
      startTaskManager();
      awaitTaskManagers(i, timeout);
    }
  }

  /**
   * Starts a JobManager JVM (as {@code bin/jobmanager.sh start} does) on the configured RPC and
   * REST ports and returns its process; the first writes {@code jobmanager.log}, a restarted one
   * {@code jobmanager-<n>.log}. Without high availability a new JobManager knows no jobs: running
   * TaskManagers register with it again and a job is resumed with {@code flink run -s
   * <checkpoint>}.
   */
  Process startJobManager() throws IOException {
    int n = jobManagers.size() + 1;
    Process p =
        launch(
            n == 1 ? "jobmanager" : "jobmanager-" + n,
            List.of("-Xmx512m"),
            "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
            List.of("--configDir", confDir.toString()));
    processes.add(p);
    jobManagers.add(p);
    return p;
  }

  /** The JobManager started last (the running one unless it was killed). */
  Process jobManager() {
    return jobManagers.get(jobManagers.size() - 1);
  }

  /**
   * Starts one more TaskManager JVM (as {@code bin/taskmanager.sh start} does) and returns its
   * process; the first writes {@code taskmanager.log}, later ones {@code taskmanager-<n>.log}.
   */
  Process startTaskManager() throws IOException {
    // what bin/taskmanager.sh computes (BashJavaUtils): JVM memory flags and the derived memory and
    // CPU settings as dynamic properties, which a TaskManager started directly requires
    Configuration tm = new Configuration();
    tm.set(TaskManagerOptions.TOTAL_PROCESS_MEMORY, MemorySize.parse(TM_PROCESS_MEMORY));
    tm.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.parse(TM_MANAGED_MEMORY));
    tm.set(TaskManagerOptions.NUM_TASK_SLOTS, slots);
    TaskExecutorProcessSpec spec = TaskExecutorProcessUtils.processSpecFromConfig(tm);
    List<String> tmArgs = new ArrayList<>(List.of("--configDir", confDir.toString()));
    tmArgs.addAll(
        Arrays.asList(
            TaskExecutorProcessUtils.generateDynamicConfigsStr(spec).trim().split("\\s+")));
    int n = taskManagers.size() + 1;
    String name = n == 1 ? "taskmanager" : "taskmanager-" + n;
    Process p =
        launch(
            name,
            Arrays.asList(ProcessMemoryUtils.generateJvmParametersStr(spec).trim().split("\\s+")),
            "org.apache.flink.runtime.taskexecutor.TaskManagerRunner",
            tmArgs);
    processes.add(p);
    taskManagers.add(p);
    taskManagerLogs.put(p, home.resolve(name + ".log"));
    return p;
  }

  /**
   * The ResourceID a TaskManager started with ({@code 127.0.0.1:44019-dce374}, as the REST API's
   * {@code taskmanager-id}), from its log; {@code null} before it logged it.
   */
  String resourceId(Process taskManager) throws IOException {
    Path log = taskManagerLogs.get(taskManager);
    if (log == null || !Files.exists(log)) {
      return null;
    }
    Matcher m =
        Pattern.compile("Starting TaskManager with ResourceID: (\\S+)")
            .matcher(Files.readString(log, StandardCharsets.UTF_8));
    return m.find() ? m.group(1) : null;
  }

  /** The TaskManager processes started so far, killed ones included, in start order. */
  List<Process> taskManagers() {
    return List.copyOf(taskManagers);
  }

  /**
   * Kills {@code process} (a TaskManager or the JobManager) and every process it started with
   * {@code SIGKILL} ({@code kill -9}: no shutdown hook, no clean-up) and waits until it is gone.
   */
  static void killHard(Process process) throws InterruptedException {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("Process " + process.pid() + " survived SIGKILL");
    }
  }

  /**
   * Waits until the JobManager reports at least {@code count} registered TaskManagers; fails with
   * the logs when one of the started processes ended by itself or on timeout.
   */
  void awaitTaskManagers(int count, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      for (Process p : processes) {
        if (!p.isAlive() && !killed(p)) {
          throw new IllegalStateException(
              "A Flink process ended early (exit " + p.exitValue() + ")\n" + logs());
        }
      }
      String overview = get("/overview");
      Matcher m =
          Pattern.compile("\"taskmanagers\":(\\d+)").matcher(overview == null ? "" : overview);
      if (m.find() && Integer.parseInt(m.group(1)) >= count) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "The cluster did not come up in " + timeout + "\n" + logs());
      }
      Thread.sleep(500);
    }
  }

  private static boolean killed(Process p) {
    // 128 + 9: ended by SIGKILL, as killHard does
    return p.exitValue() == 137;
  }

  /**
   * Runs {@code flink run -d <jar> <args>} against the cluster and returns the submitted job's id.
   */
  String submit(Path jobJar, List<String> args, Duration timeout) throws Exception {
    List<String> cli = new ArrayList<>(List.of("run", "-d", jobJar.toString()));
    cli.addAll(args);
    Process client =
        launch("client", List.of("-Xmx256m"), "org.apache.flink.client.cli.CliFrontend", cli);
    if (!client.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      client.destroyForcibly();
      throw new IllegalStateException("flink run did not finish in " + timeout + "\n" + logs());
    }
    String output = Files.readString(home.resolve("client.out"), StandardCharsets.UTF_8);
    Matcher id = Pattern.compile("JobID ([0-9a-f]{32})").matcher(output);
    if (client.exitValue() != 0 || !id.find()) {
      throw new IllegalStateException(
          "flink run failed (exit " + client.exitValue() + "):\n" + output + "\n" + logs());
    }
    return id.group(1);
  }

  /** What a client process printed (standard output and error) and its exit code. */
  record ClientRun(int exitCode, String output) {}

  /**
   * Runs the {@code flink} command line ({@code CliFrontend}) with {@code args} against the cluster
   * and waits for it; {@code name} names its log and output files.
   */
  ClientRun flink(String name, List<String> args, Duration timeout) throws Exception {
    return runClient(name, List.of(), "org.apache.flink.client.cli.CliFrontend", args, timeout);
  }

  /**
   * Runs {@code mainClass} as a client JVM of the cluster (its {@code FLINK_CONF_DIR} and {@code
   * FLINK_PLUGINS_DIR}, Flink's class path plus {@code extraClassPath}, standard input empty) and
   * waits for it.
   */
  ClientRun runClient(
      String name, List<Path> extraClassPath, String mainClass, List<String> args, Duration timeout)
      throws Exception {
    String cp =
        extraClassPath.isEmpty()
            ? classPath
            : classPath
                + File.pathSeparator
                + extraClassPath.stream()
                    .map(Path::toString)
                    .collect(Collectors.joining(File.pathSeparator));
    Process client = launch(name, List.of("-Xmx512m"), mainClass, args, cp);
    if (!client.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      client.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new IllegalStateException(name + " did not finish in " + timeout + "\n" + logs());
    }
    return new ClientRun(
        client.exitValue(), Files.readString(home.resolve(name + ".out"), StandardCharsets.UTF_8));
  }

  /** {@code host:port} of the JobManager's REST endpoint. */
  String restAddress() {
    return "127.0.0.1:" + restPort;
  }

  /**
   * Runs a {@code bash} script as a distribution or an image runs it, with {@code bin/flink} of
   * this cluster (the {@code flink} command line on this cluster's class path, configuration and
   * plugins) first on the {@code PATH}, the given extra environment, and waits for it.
   */
  ClientRun runScript(
      String name, Path script, List<String> args, Map<String, String> env, Duration timeout)
      throws Exception {
    Path bin = Files.createDirectories(home.resolve("bin"));
    Path flink = bin.resolve("flink");
    if (!Files.exists(flink)) {
      List<String> cmd = new ArrayList<>();
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      cmd.add("-Xmx256m");
      cmd.addAll(JAVA_OPTS);
      cmd.add("-Dlog.file=" + home.resolve("flink-cli.log"));
      cmd.add("-Dlog4j.configurationFile=" + confDir.resolve("log4j.properties").toUri());
      cmd.add("-cp");
      cmd.add(classPath);
      cmd.add("org.apache.flink.client.cli.CliFrontend");
      Files.writeString(
          flink,
          "#!/bin/sh\nexec "
              + cmd.stream().map(a -> "'" + a + "'").collect(Collectors.joining(" "))
              + " \"$@\"\n");
      if (!flink.toFile().setExecutable(true)) {
        throw new IOException("Cannot make " + flink + " executable");
      }
    }
    List<String> cmd = new ArrayList<>(List.of("bash", script.toString()));
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("PATH", bin + File.pathSeparator + System.getenv("PATH"));
    pb.environment().put("FLINK_CONF_DIR", confDir.toString());
    pb.environment().put("FLINK_PLUGINS_DIR", pluginsDir.toString());
    pb.environment().remove("RS_CONFIG_FILE");
    pb.environment().putAll(env);
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.redirectErrorStream(true);
    pb.redirectOutput(home.resolve(name + ".out").toFile());
    pb.directory(home.toFile());
    Process p = pb.start();
    if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new IllegalStateException(name + " did not finish in " + timeout + "\n" + logs());
    }
    return new ClientRun(
        p.exitValue(), Files.readString(home.resolve(name + ".out"), StandardCharsets.UTF_8));
  }

  /** The job's status from the REST API ({@code RUNNING}, {@code FAILED}, ...). */
  String jobStatus(String jobId) throws Exception {
    String json = get("/jobs/" + jobId);
    if (json == null) {
      return "UNKNOWN";
    }
    Matcher m = Pattern.compile("\"state\":\"([A-Z_]+)\"").matcher(json);
    return m.find() ? m.group(1) : "UNKNOWN";
  }

  /** The body of a REST GET ({@code /jobs/<id>/checkpoints}, ...), or null if not 200. */
  String restGet(String path) throws InterruptedException {
    return get(path);
  }

  /** The job's exceptions as the REST API reports them. */
  String jobExceptions(String jobId) throws Exception {
    return get("/jobs/" + jobId + "/exceptions");
  }

  /** Cancels the job. */
  void cancel(String jobId) throws Exception {
    http.send(
        HttpRequest.newBuilder(rest("/jobs/" + jobId + "?mode=cancel"))
            .method("PATCH", HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.discarding());
  }

  /** The tails of every process's log and output, for failure messages. */
  String logs() {
    StringBuilder out = new StringBuilder();
    try (var files = Files.list(home)) {
      for (Path f :
          files
              .filter(p -> p.toString().endsWith(".log") || p.toString().endsWith(".out"))
              .sorted()
              .toList()) {
        List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
        out.append("---- ").append(f.getFileName()).append(" (last 40 lines)\n");
        lines
            .subList(Math.max(0, lines.size() - 40), lines.size())
            .forEach(l -> out.append(l).append('\n'));
      }
    } catch (IOException e) {
      out.append("(logs unreadable: ").append(e).append(")");
    }
    return out.toString();
  }

  /**
   * Copies every process's log and output to {@code target} (created), with a thread dump of each
   * process still running ({@code threads-<pid>.txt}), so that a failed run can be read after the
   * test's temporary folder is gone; returns {@code target}.
   */
  Path keepLogs(Path target) throws IOException {
    Files.createDirectories(target);
    try (var files = Files.list(home)) {
      for (Path f :
          files
              .filter(p -> p.toString().endsWith(".log") || p.toString().endsWith(".out"))
              .toList()) {
        Files.copy(f, target.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    // and a thread dump of every process still running: where a stuck one waits
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    for (Process p : processes) {
      if (p.isAlive() && Files.isExecutable(jcmd)) {
        try {
          Process dump =
              new ProcessBuilder(jcmd.toString(), Long.toString(p.pid()), "Thread.print")
                  .redirectErrorStream(true)
                  .redirectOutput(target.resolve("threads-" + p.pid() + ".txt").toFile())
                  .start();
          if (!dump.waitFor(30, TimeUnit.SECONDS)) {
            dump.destroyForcibly();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    return target;
  }

  private Process launch(String name, List<String> jvmFlags, String mainClass, List<String> args)
      throws IOException {
    return launch(name, jvmFlags, mainClass, args, classPath);
  }

  private Process launch(
      String name, List<String> jvmFlags, String mainClass, List<String> args, String classPath)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmFlags);
    cmd.addAll(JAVA_OPTS);
    cmd.add("-Dlog.file=" + home.resolve(name + ".log"));
    cmd.add("-Dlog4j.configurationFile=" + confDir.resolve("log4j.properties").toUri());
    cmd.add("-cp");
    cmd.add(classPath);
    cmd.add(mainClass);
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("FLINK_CONF_DIR", confDir.toString());
    pb.environment().put("FLINK_PLUGINS_DIR", pluginsDir.toString());
    pb.environment().remove("HADOOP_CLASSPATH");
    pb.environment().remove("RS_CONFIG_FILE");
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.redirectErrorStream(true);
    pb.redirectOutput(home.resolve(name + ".out").toFile());
    pb.directory(home.toFile());
    return pb.start();
  }

  private String get(String path) throws InterruptedException {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(rest(path)).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? r.body() : null;
    } catch (IOException e) {
      return null;
    }
  }

  private URI rest(String path) {
    return URI.create("http://127.0.0.1:" + restPort + path);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() {
    for (Process p : processes) {
      p.destroy();
    }
    for (Process p : processes) {
      try {
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
          p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        p.destroyForcibly();
      }
    }
  }
}
