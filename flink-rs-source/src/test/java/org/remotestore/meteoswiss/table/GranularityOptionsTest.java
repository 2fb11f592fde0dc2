package org.remotestore.meteoswiss.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.flink.table.api.ValidationException;
import org.junit.jupiter.api.Test;
import org.remotestore.meteoswiss.Granularity;
import org.remotestore.meteoswiss.source.PeriodMode;

/** The {@code granularity} and {@code period} options of the SQL connector, and their errors. */
class GranularityOptionsTest {

  @Test
  void periodDefaultsToWhatTheGranularityPublishes() {
    assertThat(MeteoSwissTableOptionsTest.create("granularity", "d").effectiveConfig().period())
        .isEqualTo(PeriodMode.RECENT);
    assertThat(MeteoSwissTableOptionsTest.create("granularity", "m").effectiveConfig().period())
        .isEqualTo(PeriodMode.BACKFILL);
    assertThat(
            MeteoSwissTableOptionsTest.create("granularity", "y", "period", "historical")
                .effectiveConfig()
                .granularity())
        .isEqualTo(Granularity.Y);
  }

  @Test
  void combinationsTheFeedDoesNotPublishNameTheOption() {
    assertThatThrownBy(() -> MeteoSwissTableOptionsTest.create("granularity", "m", "period", "now"))
        .isInstanceOf(ValidationException.class)
        .hasStackTraceContaining("Invalid value 'now' for option 'period' with 'granularity' = 'm'")
        .hasStackTraceContaining("historical, backfill");
    assertThatThrownBy(() -> MeteoSwissTableOptionsTest.create("granularity", "d", "period", "now"))
        .isInstanceOf(ValidationException.class)
        .hasStackTraceContaining("option 'period'");
    assertThatThrownBy(() -> MeteoSwissTableOptionsTest.create("granularity", "w"))
        .isInstanceOf(ValidationException.class)
        .hasStackTraceContaining("option 'granularity'");
    assertThatThrownBy(() -> MeteoSwissTableOptionsTest.create("period", "yesterday"))
        .isInstanceOf(ValidationException.class)
        .hasStackTraceContaining("option 'period'");
  }
}
