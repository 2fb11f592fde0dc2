package org.remotestore.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the contenders of one benchmark interleaved: every round runs each contender once, in an
 * order that rotates from round to round, so that a noisy neighbour or a warming cache hits every
 * contender alike and the ratios survive a busy machine. Warm-up rounds run first and are not
 * recorded.
 */
final class Interleaved {
  /** One contender's work; returns the seconds of the measured part (setup excluded). */
  @FunctionalInterface
  interface Round {
    double run(boolean warmUp) throws Exception;
  }

  private final String group;
  private final String benchmark;
  private final double work;
  private final String workUnit;
  private final Map<String, Round> contenders = new LinkedHashMap<>();
  private final Map<String, String> notes = new LinkedHashMap<>();

  Interleaved(String group, String benchmark, double work, String workUnit) {
    this.group = group;
    this.benchmark = benchmark;
    this.work = work;
    this.workUnit = workUnit;
  }

  Interleaved add(String contender, Round round) {
    contenders.put(contender, round);
    return this;
  }

  Interleaved add(String contender, String note, Round round) {
    notes.put(contender, note);
    return add(contender, round);
  }

  /**
   * Runs {@code warmUps} unrecorded and {@code rounds} recorded rounds; returns one result per
   * contender that finished every round. A contender that fails is dropped from the remaining
   * rounds and reported as a note (with the cause) instead of a result.
   */
  List<Result> run(int warmUps, int rounds, Report report) throws Exception {
    List<String> names = new ArrayList<>(contenders.keySet());
    Map<String, List<Double>> seconds = new LinkedHashMap<>();
    names.forEach(n -> seconds.put(n, new ArrayList<>()));
    Map<String, String> failed = new LinkedHashMap<>();
    for (int round = 0; round < warmUps + rounds; round++) {
      boolean warmUp = round < warmUps;
      for (int i = 0; i < names.size(); i++) {
        String name = names.get((i + round) % names.size());
        if (failed.containsKey(name)) {
          continue;
        }
        double s;
        try {
          s = contenders.get(name).run(warmUp);
        } catch (Exception | LinkageError e) {
          Throwable root = e;
          while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
          }
          String cause = root.getClass().getSimpleName() + ": " + firstLine(root.getMessage());
          failed.put(name, cause);
          System.out.printf("  %-8s %-38s %-22s FAILED: %s%n", group, benchmark, name, cause);
          report.note(group + " / " + benchmark + " / " + name + " failed: " + cause);
          continue;
        }
        System.out.printf(
            "  %-8s %-38s %-22s %s %8.3f s%n",
            group, benchmark, name, warmUp ? "warm-up" : "round " + (round - warmUps + 1), s);
        if (!warmUp) {
          seconds.get(name).add(s);
        }
      }
    }
    List<Result> results = new ArrayList<>();
    for (String name : names) {
      if (failed.containsKey(name) || seconds.get(name).isEmpty()) {
        continue;
      }
      results.add(
          new Result(
              group,
              benchmark,
              name,
              seconds.get(name),
              work,
              workUnit,
              notes.getOrDefault(name, "")));
    }
    return results;
  }

  /** Runs the rounds and adds the results to the context's report. */
  void runInto(BenchContext ctx, int warmUps, int rounds) throws Exception {
    ctx.report().add(run(warmUps, rounds, ctx.report()));
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int nl = message.indexOf('\n');
    String line = nl < 0 ? message : message.substring(0, nl);
    return line.length() > 300 ? line.substring(0, 300) + "..." : line;
  }

  /** Seconds taken by {@code body}. */
  static double time(ThrowingRunnable body) throws Exception {
    long start = System.nanoTime();
    body.run();
    return (System.nanoTime() - start) / 1e9;
  }

  @FunctionalInterface
  interface ThrowingRunnable {
    void run() throws Exception;
  }
}
