package org.remotestore.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Collects the results of a run and writes them as {@code results.json} and {@code results.md}.
 *
 * <p>In every benchmark the first contender is ours (an {@code rs://} variant); each other row
 * shows "rs vs this": its median time divided by ours, so above 1 means {@code rs://} was faster,
 * below 1 that the peer was.
 */
final class Report {
  private final Machine machine;
  private final List<Result> results = new ArrayList<>();
  private final Map<String, String> groupLoad = new LinkedHashMap<>();
  private final List<String> notes = new ArrayList<>();
  private final Map<String, Long> jarSizes = new LinkedHashMap<>();

  Report(Machine machine) {
    this.machine = machine;
  }

  synchronized void add(List<Result> more) {
    results.addAll(more);
  }

  synchronized void loadOf(String group, String load) {
    groupLoad.put(group, load);
  }

  /** The size of a plugin's jars, in bytes. */
  synchronized void jarSize(String plugin, long bytes) {
    jarSizes.put(plugin, bytes);
  }

  synchronized void note(String note) {
    notes.add(note);
  }

  synchronized void write(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("results.json"), json(), StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("results.md"), markdown(), StandardCharsets.UTF_8);
  }

  String markdown() {
    StringBuilder md = new StringBuilder();
    md.append(machine.describe()).append("\n\n");
    md.append(
        "| group | benchmark | contender | median | min | max | throughput (median) | rs vs this |\n");
    md.append("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |\n");
    for (Result r : results) {
      Result ours = oursFor(r);
      String ratio = "";
      if (ours != null && ours != r) {
        ratio = String.format(Locale.ROOT, "%.2f×", r.median() / ours.median());
      }
      md.append("| ")
          .append(r.group())
          .append(" | ")
          .append(r.benchmark())
          .append(" | ")
          .append(r.contender())
          .append(r.note().isEmpty() ? "" : " (" + r.note() + ")")
          .append(" | ")
          .append(seconds(r.median()))
          .append(" | ")
          .append(seconds(r.min()))
          .append(" | ")
          .append(seconds(r.max()))
          .append(" | ")
          .append(Double.isNaN(r.throughput()) ? "" : rate(r.throughput(), r.workUnit()))
          .append(" | ")
          .append(ratio)
          .append(" |\n");
    }
    md.append(
        "\n\"rs vs this\" = this contender's median time / the first rs:// contender's median time"
            + " of the same benchmark (above 1: rs:// faster). Every value is wall-clock time of one"
            + " round; rounds of the contenders of a benchmark run interleaved in the same JVM,"
            + " warm-up rounds excluded.\n");
    if (!jarSizes.isEmpty()) {
      md.append("\n| plugin (jars in its plugins/ folder) | size |\n| --- | ---: |\n");
      jarSizes.forEach(
          (p, b) ->
              md.append("| ")
                  .append(p)
                  .append(" | ")
                  .append(String.format(Locale.ROOT, "%.1f MB", b / 1e6))
                  .append(" |\n"));
    }
    if (!groupLoad.isEmpty()) {
      md.append("\nLoad average (1 min) before / after each group: ");
      List<String> parts = new ArrayList<>();
      groupLoad.forEach((g, l) -> parts.add(g + " " + l));
      md.append(String.join(", ", parts)).append(".\n");
    }
    for (String note : notes) {
      md.append("\n- ").append(note);
    }
    if (!notes.isEmpty()) {
      md.append('\n');
    }
    return md.toString();
  }

  private Result oursFor(Result r) {
    for (Result candidate : results) {
      if (candidate.group().equals(r.group()) && candidate.benchmark().equals(r.benchmark())) {
        return candidate; // the first contender of a benchmark is ours
      }
    }
    return null;
  }

  private static String seconds(double s) {
    if (s >= 10) {
      return String.format(Locale.ROOT, "%.1f s", s);
    }
    if (s >= 1) {
      return String.format(Locale.ROOT, "%.2f s", s);
    }
    return String.format(Locale.ROOT, "%.1f ms", s * 1000);
  }

  private static String rate(double perSecond, String unit) {
    if (perSecond >= 100) {
      return String.format(Locale.ROOT, "%.0f %s/s", perSecond, unit);
    }
    return String.format(Locale.ROOT, "%.1f %s/s", perSecond, unit);
  }

  String json() {
    StringBuilder j = new StringBuilder();
    j.append("{\n  \"machine\": ").append(machine.json()).append(",\n");
    j.append("  \"load\": {");
    List<String> loads = new ArrayList<>();
    groupLoad.forEach((g, l) -> loads.add(quote(g) + ": " + quote(l)));
    j.append(String.join(", ", loads)).append("},\n");
    j.append("  \"plugin_jar_bytes\": {");
    List<String> sizes = new ArrayList<>();
    jarSizes.forEach((p, b) -> sizes.add(quote(p) + ": " + b));
    j.append(String.join(", ", sizes)).append("},\n");
    j.append("  \"notes\": [");
    List<String> quoted = new ArrayList<>();
    notes.forEach(n -> quoted.add(quote(n)));
    j.append(String.join(", ", quoted)).append("],\n");
    j.append("  \"results\": [\n");
    for (int i = 0; i < results.size(); i++) {
      Result r = results.get(i);
      Result ours = oursFor(r);
      j.append("    {\"group\": ")
          .append(quote(r.group()))
          .append(", \"benchmark\": ")
          .append(quote(r.benchmark()))
          .append(", \"contender\": ")
          .append(quote(r.contender()))
          .append(", \"note\": ")
          .append(quote(r.note()))
          .append(", \"seconds\": ")
          .append(r.seconds().stream().map(Report::number).toList())
          .append(", \"median_s\": ")
          .append(number(r.median()))
          .append(", \"min_s\": ")
          .append(number(r.min()))
          .append(", \"max_s\": ")
          .append(number(r.max()))
          .append(", \"work\": ")
          .append(number(r.work()))
          .append(", \"work_unit\": ")
          .append(quote(r.workUnit()))
          .append(", \"median_ratio_to_rs\": ")
          .append(ours == null ? "null" : number(r.median() / ours.median()))
          .append('}')
          .append(i + 1 < results.size() ? ",\n" : "\n");
    }
    j.append("  ]\n}\n");
    return j.toString();
  }

  private static String number(double d) {
    return Double.isFinite(d) ? String.format(Locale.ROOT, "%.6g", d) : "null";
  }

  static String quote(String s) {
    StringBuilder q = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> q.append("\\\"");
        case '\\' -> q.append("\\\\");
        case '\n' -> q.append("\\n");
        default -> {
          if (c < 0x20) {
            q.append(String.format("\\u%04x", (int) c));
          } else {
            q.append(c);
          }
        }
      }
    }
    return q.append('"').toString();
  }
}
