package org.remotestore.meteoswiss.examples;

import java.time.Duration;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.remotestore.meteoswiss.Granularity;
import org.remotestore.meteoswiss.MeasurementRow;
import org.remotestore.meteoswiss.ParsedLine;
import org.remotestore.meteoswiss.RejectedRow;
import org.remotestore.meteoswiss.replay.MeteoSwissReplayServer;
import org.remotestore.meteoswiss.source.MeteoSwissSource;
import org.remotestore.meteoswiss.source.PeriodMode;
import org.remotestore.meteoswiss.source.RejectedLines;

/**
 * The offline program of the module README ("Source"), kept here so that it keeps compiling. It
 * runs until stopped, so no test runs it; {@code ContinuousJobRestoreTest} runs the same pipeline
 * with a FileSink.
 */
public class MeteoSwissOffline {
  public static void main(String[] args) throws Exception {
    try (MeteoSwissReplayServer replay =
        MeteoSwissReplayServer.builder()
            .port(8099)
            .speed(60) // one simulated minute per real second
            .stations("BER", "KLO")
            .build()
            .start()) {
      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
      env.enableCheckpointing(10_000);

      MeteoSwissSource<ParsedLine> source =
          MeteoSwissSource.builder()
              .baseUrl(replay.dataRoot().toString())
              .stations("BER", "KLO") // or .discovery(StationDiscovery.STAC): all stations
              .granularity(Granularity.T)
              .period(PeriodMode.BACKFILL) // historical decades, then recent, then poll now
              .pollInterval(Duration.ofSeconds(5))
              .revisionWindow(Duration.ofDays(5))
              .build();

      SingleOutputStreamOperator<MeasurementRow> rows =
          RejectedLines.split(env.fromSource(source, MeteoSwissSource.watermarks(), "meteoswiss"));
      rows.map(
              r ->
                  r.station()
                      + " "
                      + r.referenceTimestamp()
                      + " rev "
                      + r.revision()
                      + " tre200s0="
                      + r.value("tre200s0").orElse(Double.NaN))
          .print();
      rows.getSideOutput(RejectedLines.TAG).map(RejectedRow::describe).print();
      env.execute("meteoswiss-offline");
    }
  }
}
