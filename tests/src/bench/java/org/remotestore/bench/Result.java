package org.remotestore.bench;

import java.util.Arrays;
import java.util.List;

/**
 * The measured rounds of one contender in one benchmark.
 *
 * @param group the family of benchmarks (local, s3, azure, ...)
 * @param benchmark what was measured, e.g. "1 GiB sequential write"
 * @param contender who did it, e.g. "rs-local" or "flink-file"
 * @param seconds wall-clock seconds of each measured round (warm-up excluded)
 * @param work the amount of work in one round, for the throughput column (0: none)
 * @param workUnit the unit of {@code work}, e.g. "MiB" or "files"
 * @param note a remark shown next to the row (empty for none)
 */
record Result(
    String group,
    String benchmark,
    String contender,
    List<Double> seconds,
    double work,
    String workUnit,
    String note) {

  double median() {
    double[] sorted = sorted();
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  double min() {
    return sorted()[0];
  }

  double max() {
    double[] sorted = sorted();
    return sorted[sorted.length - 1];
  }

  /** Work per second at the median, or NaN when the benchmark has no work unit. */
  double throughput() {
    return work > 0 ? work / median() : Double.NaN;
  }

  private double[] sorted() {
    double[] values = seconds.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(values);
    return values;
  }
}
