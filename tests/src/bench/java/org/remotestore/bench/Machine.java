package org.remotestore.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** What the benchmarks ran on: cores, CPU model, memory, Java, and the load average. */
record Machine(int cores, String cpu, String java, String started) {
  static Machine current() {
    String cpu = "unknown CPU";
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          cpu = line.substring(line.indexOf(':') + 1).trim();
          break;
        }
      }
    } catch (IOException e) {
      // not Linux: keep "unknown"
    }
    String java =
        System.getProperty("java.vm.name")
            + " "
            + System.getProperty("java.runtime.version", System.getProperty("java.version"));
    return new Machine(
        Runtime.getRuntime().availableProcessors(), cpu, java, Instant.now().toString());
  }

  /** The 1-minute load average now, or "?" where /proc/loadavg is missing. */
  static String loadAverage() {
    try {
      List<String> parts = List.of(Files.readString(Path.of("/proc/loadavg")).trim().split(" "));
      return parts.get(0);
    } catch (IOException | RuntimeException e) {
      return "?";
    }
  }

  String describe() {
    return "Machine: " + cores + " cores, " + cpu + ", " + java + "; run started " + started + ".";
  }

  String json() {
    return "{\"cores\": "
        + cores
        + ", \"cpu\": "
        + Report.quote(cpu)
        + ", \"java\": "
        + Report.quote(java)
        + ", \"started\": "
        + Report.quote(started)
        + "}";
  }
}
