package org.remotestore.meteoswiss.source;

import java.io.Serializable;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.Collector;
import org.remotestore.meteoswiss.MeasurementRow;
import org.remotestore.meteoswiss.ParsedLine;
import org.remotestore.meteoswiss.RejectedRow;

/**
 * Turns each line the source decided to emit into zero or more output records. It runs in the
 * reader, so it must be serializable and cheap. Ready-made mappers: {@link #parsedLines()} (rows
 * and rejected lines, to be split with {@link RejectedLines}) and {@link #measurements()} (rows
 * only; rejected lines are still counted in the metrics).
 *
 * @param <T> the output type
 */
public interface FeedRecordMapper<T> extends Serializable {

  /**
   * Maps one line.
   *
   * @param line a {@link MeasurementRow} (its {@link MeasurementRow#revision()} is above 0 for a
   *     correction) or a {@link RejectedRow}
   * @param fetch where and when the line was fetched
   * @param out receives the output records
   */
  void map(ParsedLine line, FetchMetadata fetch, Collector<T> out) throws Exception;

  /** The type information of the output. */
  TypeInformation<T> producedType();

  /** Emits every line, rows and rejected lines alike. */
  static FeedRecordMapper<ParsedLine> parsedLines() {
    return new FeedRecordMapper<>() {
      @Override
      public void map(ParsedLine line, FetchMetadata fetch, Collector<ParsedLine> out) {
        out.collect(line);
      }

      @Override
      public TypeInformation<ParsedLine> producedType() {
        return ParsedLineTypeInfo.INSTANCE;
      }
    };
  }

  /** Emits measurement rows only. */
  static FeedRecordMapper<MeasurementRow> measurements() {
    return new FeedRecordMapper<>() {
      @Override
      public void map(ParsedLine line, FetchMetadata fetch, Collector<MeasurementRow> out) {
        if (line instanceof MeasurementRow row) {
          out.collect(row);
        }
      }

      @Override
      public TypeInformation<MeasurementRow> producedType() {
        return TypeInformation.of(MeasurementRow.class);
      }
    };
  }
}
