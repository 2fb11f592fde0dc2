package org.remotestore.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.remotestore.testing.s3.S3ProxyServer;
import org.remotestore.testing.s3.S3TestEndpoint;

/**
 * Priority 4: 2 GiB through {@code rs://} in a child JVM limited to {@code -Xmx128m}: a
 * cross-backend transfer (local disk to S3 with the transfer extension) and one 2 GiB FileSink part
 * (the rs:// RecoverableWriter on the s3 backend, persisted every 256 MiB as checkpoints would,
 * then committed). Reports the time and the child's peak resident set size (VmHWM).
 */
final class MemoryBoundBench {
  private final BenchContext ctx;

  MemoryBoundBench(BenchContext ctx) {
    this.ctx = ctx;
  }

  void run() throws Exception {
    java.nio.file.Path work = ctx.workDir("memory");
    long bytes = ctx.scaled(2048L * Workloads.MIB);
    java.nio.file.Path disk = work.resolve("disk");
    Files.createDirectories(disk);
    byte[] block = Workloads.bytes(Workloads.MIB, 5);
    try (OutputStream out = Files.newOutputStream(disk.resolve("big.bin"))) {
      for (long w = 0; w < bytes; w += block.length) {
        out.write(block);
      }
    }
    try (S3ProxyServer proxy = S3ProxyServer.startOnDisk(work.resolve("s3proxy"))) {
      S3TestEndpoint server = proxy.endpoint();
      String label = ctx.sizeLabel(bytes);
      for (String mode : List.of("transfer", "part")) {
        String benchmark =
            mode.equals("transfer")
                ? label + " transfer local -> s3, -Xmx128m"
                : label
                    + " FileSink part (RecoverableWriter, persist every 256 MiB) to s3, -Xmx128m";
        String bucket = server.createBucket("mem-" + mode);
        Map<String, String> child = runChild(mode, server, bucket, disk, bytes);
        double seconds = Double.parseDouble(child.get("seconds"));
        long hwmMib = Long.parseLong(child.get("vmhwm_kib")) / 1024;
        System.out.printf(
            "  memory   %-60s %8.3f s, peak RSS %d MiB%n", benchmark, seconds, hwmMib);
        ctx.report()
            .add(
                List.of(
                    new Result(
                        "memory",
                        benchmark,
                        "rs-s3",
                        List.of(seconds),
                        bytes / (double) Workloads.MIB,
                        "MiB",
                        "peak RSS " + hwmMib + " MiB, 1 round")));
      }
    }
  }

  private Map<String, String> runChild(
      String mode, S3TestEndpoint server, String bucket, java.nio.file.Path disk, long bytes)
      throws Exception {
    List<String> command = new ArrayList<>();
    command.add(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx128m");
    command.add("-XX:+UseSerialGC");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(MemoryBoundMain.class.getName());
    command.add(mode);
    command.add(server.endpoint().toString());
    command.add(server.accessKey());
    command.add(bucket);
    command.add(disk.toString());
    command.add(Long.toString(bytes));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("BENCH_S3_SECRET", server.secretKey());
    Process process = pb.start();
    Map<String, String> values = new HashMap<>();
    List<String> output = new ArrayList<>();
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        output.add(line);
        int eq = line.indexOf('=');
        if (eq > 0 && !line.contains(" ")) {
          values.put(line.substring(0, eq), line.substring(eq + 1));
        }
      }
    }
    Workloads.check(process.waitFor(30, TimeUnit.MINUTES), "child did not end");
    Workloads.check(
        process.exitValue() == 0 && values.containsKey("seconds"),
        "child " + mode + " failed (exit " + process.exitValue() + "): " + tail(output));
    return values;
  }

  private static String tail(List<String> lines) {
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
  }
}
