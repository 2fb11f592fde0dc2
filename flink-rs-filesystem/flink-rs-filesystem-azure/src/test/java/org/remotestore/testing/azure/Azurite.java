package org.remotestore.testing.azure;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Azurite's blob service as a child process on a free loopback port, for tests.
 *
 * <p>Azurite is installed by the build (npm, into {@code flink-rs-filesystem/target/azurite}, see
 * the module's {@code pom.xml}); this class only starts it: {@code node} runs a tiny launcher that
 * loads Azurite's blob entry point and exits when its standard input closes, so the emulator dies
 * with the test JVM even when that JVM is killed. A shutdown hook stops it on a normal exit too.
 *
 * <p>{@link #shared()} is one in-memory instance per JVM; {@link #startOnDisk(Path)} starts a
 * separate instance persisting to a folder (for data larger than memory should hold).
 */
public final class Azurite implements AutoCloseable {
  /** Azurite's well-known development account. */
  public static final String ACCOUNT = "devstoreaccount1";

  /** Azurite's well-known (public, documented) development account key. */
  public static final String ACCOUNT_KEY =
      "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

  private static final String MAIN = "node_modules/azurite/dist/src/blob/main.js";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static Azurite shared;

  private final Process process;
  private final int port;
  private final Deque<String> output = new ArrayDeque<>();

  private Azurite(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** The JVM-wide in-memory instance, started on first use. */
  public static synchronized Azurite shared() {
    if (shared == null || !shared.process.isAlive()) {
      shared = start(List.of("--inMemoryPersistence", "--extentMemoryLimit", "2048"));
    }
    return shared;
  }

  /** A separate instance persisting under {@code location}; close it when done. */
  public static Azurite startOnDisk(Path location) {
    return start(List.of("--location", location.toAbsolutePath().toString()));
  }

  /** The blob endpoint, for example {@code http://127.0.0.1:41234/devstoreaccount1}. */
  public String blobEndpoint() {
    return "http://127.0.0.1:" + port + "/" + ACCOUNT;
  }

  /** The port the blob service listens on. */
  public int port() {
    return port;
  }

  /** A connection string for the development account on this instance. */
  public String connectionString() {
    return "DefaultEndpointsProtocol=http;AccountName="
        + ACCOUNT
        + ";AccountKey="
        + ACCOUNT_KEY
        + ";BlobEndpoint="
        + blobEndpoint()
        + ";";
  }

  /** CPU time the emulator process used so far, or {@code -1} when the OS does not tell. */
  public long cpuMillis() {
    return process.toHandle().info().totalCpuDuration().map(d -> d.toMillis()).orElse(-1L);
  }

  /** The last lines Azurite printed, for diagnostics. */
  public synchronized List<String> recentOutput() {
    return new ArrayList<>(output);
  }

  @Override
  public void close() {
    stop(process);
  }

  private static Azurite start(List<String> storageArgs) {
    Path main = locateInstall().resolve(MAIN);
    String node = findNode();
    IllegalStateException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      int port = freePort();
      try {
        return launch(node, main, port, storageArgs);
      } catch (IllegalStateException e) {
        last = e; // most likely the port was taken meanwhile: try another
      }
    }
    throw last;
  }

  private static Azurite launch(String node, Path main, int port, List<String> storageArgs) {
    long started = System.nanoTime();
    Path launcher = writeLauncher();
    List<String> command = new ArrayList<>();
    command.add(node);
    command.add(launcher.toString());
    command.add(main.toString());
    command.addAll(
        List.of(
            "--blobHost",
            "127.0.0.1",
            "--blobPort",
            Integer.toString(port),
            "--skipApiVersionCheck",
            "--loose",
            "--disableTelemetry",
            "--silent"));
    command.addAll(storageArgs);
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    Process process;
    try {
      process = pb.start();
    } catch (IOException e) {
      throw new IllegalStateException("Cannot start Azurite with '" + node + "': " + e, e);
    }
    Azurite azurite = new Azurite(process, port);
    CountDownLatch ready = new CountDownLatch(1);
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  azurite.remember(line);
                  if (line.contains("successfully listens")) {
                    ready.countDown();
                  }
                }
              } catch (IOException ignored) {
                // the process ended
              }
            },
            "azurite-output-" + port);
    reader.setDaemon(true);
    reader.start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(process), "azurite-stop-" + port));
    try {
      long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
      while (!ready.await(200, TimeUnit.MILLISECONDS)
          && process.isAlive()
          && System.nanoTime() < deadline) {
        // wait for the "listens" line, the end of the process, or the deadline
      }
      if (ready.getCount() > 0 || !process.isAlive()) {
        stop(process);
        throw new IllegalStateException(
            "Azurite did not start on port " + port + ". Its output: " + azurite.recentOutput());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stop(process);
      throw new IllegalStateException("interrupted while starting Azurite", e);
    }
    System.err.printf(
        "Azurite blob service on 127.0.0.1:%d ready after %d ms%n",
        port, (System.nanoTime() - started) / 1_000_000);
    return azurite;
  }

  private synchronized void remember(String line) {
    output.addLast(line);
    while (output.size() > 50) {
      output.removeFirst();
    }
  }

  private static void stop(Process process) {
    if (!process.isAlive()) {
      return;
    }
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  /** A JavaScript launcher that exits when the parent's pipe closes, then loads Azurite. */
  private static synchronized Path writeLauncher() {
    try {
      Path file = Files.createTempFile("rs-azurite-launcher", ".js");
      file.toFile().deleteOnExit();
      String script =
          "// written by org.remotestore.testing.azure.Azurite: stop when the JVM goes away\n"
              + "process.stdin.on('end', () => process.exit(0));\n"
              + "process.stdin.on('error', () => process.exit(0));\n"
              + "process.stdin.resume();\n"
              + "const main = process.argv[2];\n"
              + "process.argv.splice(1, 2, main);\n"
              + "require(main);\n";
      Files.writeString(file, script, StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new IllegalStateException("cannot write the Azurite launcher", e);
    }
  }

  /**
   * The folder Azurite was installed into by the build: the system property {@code azurite.dir}, or
   * {@code target/azurite} of the {@code flink-rs-filesystem-azure} module found from the working
   * directory upwards.
   */
  public static Path locateInstall() {
    String configured = System.getProperty("azurite.dir");
    List<Path> candidates = new ArrayList<>();
    if (configured != null && !configured.isBlank()) {
      candidates.add(Paths.get(configured));
    }
    Path dir = Paths.get("").toAbsolutePath();
    for (int i = 0; dir != null && i < 5; i++, dir = dir.getParent()) {
      candidates.add(dir.resolve("target/azurite"));
      candidates.add(dir.resolve("flink-rs-filesystem/flink-rs-filesystem-azure/target/azurite"));
    }
    for (Path candidate : candidates) {
      if (Files.isRegularFile(candidate.resolve(MAIN))) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "Azurite is not installed. The build installs it with npm into"
            + " target/azurite of flink-rs-filesystem-azure (and -flink) during"
            + " generate-test-resources: run the tests through Maven (for example mvn -pl"
            + " flink-rs-filesystem/flink-rs-filesystem-azure -am verify), with node and npm"
            + " on the PATH. Looked in: "
            + candidates);
  }

  private static String findNode() {
    String path = System.getenv("PATH");
    if (path != null) {
      for (String entry : path.split(java.io.File.pathSeparator)) {
        Path candidate = Paths.get(entry, "node");
        if (Files.isExecutable(candidate)) {
          return candidate.toString();
        }
      }
    }
    throw new IllegalStateException(
        "Node.js ('node') is not on the PATH; the azure tests need it to run Azurite"
            + " (install Node.js 18 or newer, which also brings npm)");
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free loopback port", e);
    }
  }
}
