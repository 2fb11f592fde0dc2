package org.remotestore.meteoswiss.source;

import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.remotestore.meteoswiss.MeasurementRow;
import org.remotestore.meteoswiss.ParsedLine;
import org.remotestore.meteoswiss.RejectedRow;

/**
 * Splits the source's {@link ParsedLine} stream into measurement rows (the main output) and
 * rejected lines (a side output), because a Flink source itself has no side outputs.
 *
 * <pre>{@code
 * DataStream<ParsedLine> lines = env.fromSource(source, watermarks, "meteoswiss");
 * SingleOutputStreamOperator<MeasurementRow> rows = RejectedLines.split(lines);
 * DataStream<RejectedRow> rejected = rows.getSideOutput(RejectedLines.TAG);
 * }</pre>
 */
public final class RejectedLines extends ProcessFunction<ParsedLine, MeasurementRow> {
  private static final long serialVersionUID = 1L;

  /** The side output carrying rejected lines with their reason. */
  public static final OutputTag<RejectedRow> TAG =
      new OutputTag<>(
          "meteoswiss-rejected",
          org.apache.flink.api.common.typeinfo.TypeInformation.of(RejectedRow.class));

  /** Applies the splitter to {@code lines}; read the rejected lines with {@link #TAG}. */
  public static SingleOutputStreamOperator<MeasurementRow> split(DataStream<ParsedLine> lines) {
    return lines
        .process(
            new RejectedLines(),
            org.apache.flink.api.common.typeinfo.TypeInformation.of(MeasurementRow.class))
        .name("meteoswiss-split-rejected");
  }

  @Override
  public void processElement(ParsedLine line, Context ctx, Collector<MeasurementRow> out) {
    if (line instanceof MeasurementRow row) {
      out.collect(row);
    } else {
      ctx.output(TAG, (RejectedRow) line);
    }
  }
}
