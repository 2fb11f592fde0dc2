package org.remotestore.meteoswiss.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.remotestore.meteoswiss.FeedFile;
import org.remotestore.meteoswiss.Granularity;

/** The time range decides which historical decade files a split plans to fetch. */
class SplitPlannerTimeRangeTest {
  private static FeedSplit plan(TimeRange range) {
    return new SplitPlanner(Granularity.T, PeriodMode.BACKFILL, true, 1980, range)
        .plan(DiscoveredStation.of("BER"), 2026);
  }

  private static String decade(int year) {
    return FeedFile.historicalDecade("BER", Granularity.T, year).path();
  }

  @Test
  void decadesWhollyOutsideTheRangeAreNotPlanned() {
    String recent = FeedFile.recent("BER", Granularity.T).path();
    String now = FeedFile.now("BER", Granularity.T).path();
    assertThat(plan(TimeRange.ALL).pendingFiles())
        .containsExactly(
            decade(1980), decade(1990), decade(2000), decade(2010), decade(2020), recent, now);
    assertThat(
            plan(new TimeRange(
                    Instant.parse("2015-06-01T00:00:00Z"), Instant.parse("2015-07-01T00:00:00Z")))
                .pendingFiles())
        .containsExactly(decade(2010), recent, now);
    // 1 January 2020 00:00 closes the last interval of 2019: the 2010s decade may hold it
    assertThat(plan(new TimeRange(Instant.parse("2020-01-01T00:00:00Z"), null)).pendingFiles())
        .containsExactly(decade(2010), decade(2020), recent, now);
    assertThat(plan(new TimeRange(null, Instant.parse("1995-01-01T00:00:00Z"))).pendingFiles())
        .containsExactly(decade(1980), decade(1990), recent, now);
  }
}
