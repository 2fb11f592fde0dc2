package org.remotestore.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.LongStream;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

/**
 * FileSink to {@code rs://} with a failure injected after a checkpoint and a restart from it: the
 * committed output equals the input exactly, and readers see no in-progress file (those are hidden,
 * {@code .<part>.inprogress.<id>}). A subclass gives the store (memory, local, S3, ...).
 */
public abstract class AbstractRsFileSinkFailoverTest {
  private static final long RECORDS = 3_000;

  /** The Flink configuration defining the store. */
  protected abstract Configuration rsConfiguration();

  /** The store written to. */
  protected abstract String storeName();

  @Test
  void rowFormatIsExactlyOnceAcrossAFailure() throws Exception {
    check(RsFileSinkJob.Format.ROW, "rows");
  }

  @Test
  void parquetIsExactlyOnceAcrossAFailure() throws Exception {
    check(RsFileSinkJob.Format.PARQUET, "parquet");
  }

  private void check(RsFileSinkJob.Format format, String folder) throws Exception {
    String output = "rs://" + storeName() + "/" + folder + "-" + System.nanoTime();
    RsFileSinkJob job = new RsFileSinkJob(rsConfiguration(), output, format, RECORDS, true);
    job.run();

    assertThat(job.failureInjected()).as("the injected failure happened").isTrue();
    RsFileSinkJob.Output out = job.readBack();
    List<Long> expected = LongStream.range(0, RECORDS).boxed().toList();
    assertThat(out.values()).as("committed values: all, once each").isEqualTo(expected);
    assertThat(out.visibleFiles()).allMatch(f -> !f.contains(".inprogress"));
    assertThat(out.visibleFiles()).allMatch(f -> f.contains("/mod="));
    assertThat(out.unexpectedHiddenFiles())
        .as("hidden leftovers other than parts of a checkpoint that never completed")
        .isEmpty();
  }
}
