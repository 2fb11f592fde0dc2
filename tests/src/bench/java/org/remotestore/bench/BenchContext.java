package org.remotestore.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Settings of one benchmark run, from system properties set by the {@code bench} profile:
 *
 * <ul>
 *   <li>{@code bench.dir}: output folder ({@code results.json}, {@code results.md}, {@code work/})
 *   <li>{@code bench.plugins}: one folder per file system plugin ({@code rs}, {@code s3-native},
 *       ...)
 *   <li>{@code rs.plugin.jar}: our packaged plugin jar, copied into {@code plugins/rs}
 *   <li>{@code bench.rounds}: measured rounds per benchmark (default 3; one warm-up round always
 *       runs first)
 *   <li>{@code bench.scale}: factor on every data size (default 1; e.g. 0.05 for a quick try)
 * </ul>
 */
final class BenchContext {
  private final Path dir;
  private final Path plugins;
  private final int rounds;
  private final double scale;
  private final Report report;

  BenchContext(Path dir, Path plugins, int rounds, double scale, Report report) {
    this.dir = dir;
    this.plugins = plugins;
    this.rounds = rounds;
    this.scale = scale;
    this.report = report;
  }

  Path dir() {
    return dir;
  }

  Report report() {
    return report;
  }

  int rounds() {
    return rounds;
  }

  /** The factor on every data size ({@code bench.scale}). */
  double scale() {
    return scale;
  }

  /** The plugin folder of our own {@code rs://} plugin jar. */
  Path rsPlugin() {
    return plugins.resolve("rs");
  }

  /** The plugin folder {@code name} (e.g. {@code s3-native}). */
  Path plugin(String name) {
    return plugins.resolve(name);
  }

  /** A fresh, empty work folder for one group. */
  Path workDir(String group) throws IOException {
    Path work = dir.resolve("work").resolve(group);
    deleteTree(work);
    Files.createDirectories(work);
    return work;
  }

  long scaled(long bytes) {
    long mib = Math.max(1, Math.round(bytes * scale / (1 << 20)));
    return mib << 20;
  }

  int scaledCount(int count) {
    return (int) Math.max(10, Math.round(count * scale));
  }

  String sizeLabel(long bytes) {
    return bytes >= (1L << 30) && bytes % (1L << 30) == 0
        ? (bytes >> 30) + " GiB"
        : (bytes >> 20) + " MiB";
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
