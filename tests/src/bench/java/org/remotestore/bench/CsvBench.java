package org.remotestore.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link CsvParseBenchmark} with JMH (one fork, warm-up iterations excluded) and reports each
 * measured iteration as one round: seconds per file of {@value CsvParseBenchmark#LINES} lines.
 */
final class CsvBench {
  private final BenchContext ctx;

  CsvBench(BenchContext ctx) {
    this.ctx = ctx;
  }

  void run() throws Exception {
    Options options =
        new OptionsBuilder()
            .include(CsvParseBenchmark.class.getName())
            .forks(1)
            .warmupIterations(2)
            .warmupTime(TimeValue.seconds(2))
            .measurementIterations(Math.max(3, ctx.rounds()))
            .measurementTime(TimeValue.seconds(2))
            .timeUnit(TimeUnit.SECONDS)
            .jvmArgsAppend("-Xmx1g")
            .build();
    Collection<RunResult> runs = new Runner(options).run();
    List<Result> results = new ArrayList<>();
    for (String method : List.of("meteoSwissCsvParser", "jacksonCsv")) {
      for (RunResult run : runs) {
        if (!run.getParams().getBenchmark().endsWith("." + method)) {
          continue;
        }
        List<Double> seconds = new ArrayList<>();
        for (BenchmarkResult b : run.getBenchmarkResults()) {
          for (IterationResult it : b.getIterationResults()) {
            seconds.add(1.0 / it.getPrimaryResult().getScore());
          }
        }
        results.add(
            new Result(
                "csv",
                "parse 1 year of 10-minute rows ("
                    + CsvParseBenchmark.LINES
                    + " lines, 31 columns), JMH",
                method.equals("jacksonCsv") ? "jackson-dataformat-csv" : "rs MeteoSwissCsvParser",
                seconds,
                CsvParseBenchmark.LINES,
                "rows",
                ""));
      }
    }
    ctx.report().add(results);
  }
}
