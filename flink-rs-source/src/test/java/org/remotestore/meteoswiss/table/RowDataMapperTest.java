package org.remotestore.meteoswiss.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.table.data.RowData;
import org.apache.flink.types.RowKind;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;
import org.remotestore.meteoswiss.Granularity;
import org.remotestore.meteoswiss.MeasurementRow;
import org.remotestore.meteoswiss.RejectReason;
import org.remotestore.meteoswiss.RejectedRow;
import org.remotestore.meteoswiss.source.ChangelogMode;
import org.remotestore.meteoswiss.source.FetchMetadata;

class RowDataMapperTest {
  static final Instant TS = Instant.parse("2026-03-10T12:00:00Z");
  static final FetchMetadata FETCH =
      new FetchMetadata("ber/ogd-smn_ber_t_now.csv", "\"e1\"", null, TS.plusSeconds(60));

  static List<RowData> map(ChangelogMode mode, Object line) throws Exception {
    RowDataMapper mapper =
        new RowDataMapper(
            List.of("reference_timestamp", "station_abbr", "tre200s0", "ure200s0"),
            List.of("revision", "etag", "raw_line", "source_file", "fetch_time"),
            mode,
            null);
    List<RowData> out = new ArrayList<>();
    mapper.map(
        (org.remotestore.meteoswiss.ParsedLine) line,
        FETCH,
        new Collector<>() {
          @Override
          public void collect(RowData record) {
            out.add(record);
          }

          @Override
          public void close() {}
        });
    return out;
  }

  static MeasurementRow row(int revision) {
    return MeasurementRow.builder("BER", TS, Granularity.T)
        .value("tre200s0", 4.5)
        .revision(revision)
        .source("ber/ogd-smn_ber_t_now.csv", 3)
        .rawLine("BER;10.03.2026 12:00;4.5;")
        .build();
  }

  @Test
  void mapsColumnsInDeclaredOrderWithMetadata() throws Exception {
    RowData r = map(ChangelogMode.APPEND, row(0)).get(0);
    assertThat(r.getRowKind()).isEqualTo(RowKind.INSERT);
    assertThat(r.getTimestamp(0, 3).toInstant()).isEqualTo(TS);
    assertThat(r.getString(1).toString()).isEqualTo("BER");
    assertThat(r.getDouble(2)).isEqualTo(4.5);
    assertThat(r.isNullAt(3)).as("a missing value is NULL").isTrue();
    assertThat(r.getInt(4)).isZero();
    assertThat(r.getString(5).toString()).isEqualTo("\"e1\"");
    assertThat(r.getString(6).toString()).isEqualTo("BER;10.03.2026 12:00;4.5;");
    assertThat(r.getString(7).toString()).isEqualTo("ber/ogd-smn_ber_t_now.csv");
    assertThat(r.getTimestamp(8, 3).toInstant()).isEqualTo(TS.plusSeconds(60));
  }

  @Test
  void aRevisionIsANewRowInAppendModeAndAnUpdateInUpsertMode() throws Exception {
    RowData appended = map(ChangelogMode.APPEND, row(2)).get(0);
    assertThat(appended.getRowKind()).isEqualTo(RowKind.INSERT);
    assertThat(appended.getInt(4)).isEqualTo(2);
    assertThat(map(ChangelogMode.UPSERT, row(2)).get(0).getRowKind())
        .isEqualTo(RowKind.UPDATE_AFTER);
    assertThat(map(ChangelogMode.UPSERT, row(0)).get(0).getRowKind()).isEqualTo(RowKind.INSERT);
  }

  @Test
  void rejectedLinesProduceNoRow() throws Exception {
    RejectedRow bad =
        new RejectedRow("ber/ogd-smn_ber_t_now.csv", 9, "BER;x", RejectReason.FIELD_COUNT, "short");
    assertThat(map(ChangelogMode.APPEND, bad)).isEmpty();
  }
}
