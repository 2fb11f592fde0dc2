package org.remotestore.meteoswiss.replay;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.remotestore.meteoswiss.FeedTimestamps;
import org.remotestore.meteoswiss.MeteoSwissMetadata;
import org.remotestore.meteoswiss.ParameterMeta;

/** Renders the replay's metadata files (stations, data inventory) in the real metadata format. */
final class ReplayMetadataFiles {
  private ReplayMetadataFiles() {}

  /** The stations metadata file, every station data since the history start. */
  static byte[] stationsFile(Map<String, ReplayStation> stations, Instant historyStart) {
    List<String> header = new ArrayList<>();
    List<Map<String, String>> rows = new ArrayList<>();
    String since = FeedTimestamps.formatDate(historyStart);
    for (ReplayStation s : stations.values()) {
      if (header.isEmpty()) {
        header.addAll(s.meta().columns().keySet());
      }
      Map<String, String> row = new LinkedHashMap<>(s.meta().columns());
      row.put("station_data_since", since);
      rows.add(row);
    }
    return writeTable(header, rows);
  }

  /** The data inventory: every parameter each station serves, since the history start. */
  static byte[] dataInventoryFile(
      Map<String, ReplayStation> stations, List<ParameterMeta> parameters, Instant historyStart) {
    List<String> header =
        List.of("station_abbr", "parameter_shortname", "data_since", "data_till", "owner");
    List<Map<String, String>> rows = new ArrayList<>();
    String since = FeedTimestamps.format(historyStart);
    for (ReplayStation s : stations.values()) {
      for (ParameterMeta p : parameters) {
        if (!WeatherModel.columns(p.granularity(), s).contains(p.code())) {
          continue;
        }
        Map<String, String> row = new LinkedHashMap<>();
        row.put("station_abbr", s.abbr());
        row.put("parameter_shortname", p.code());
        row.put("data_since", since);
        row.put("data_till", "");
        row.put("owner", s.meta().column("station_dataowner"));
        rows.add(row);
      }
    }
    return writeTable(header, rows);
  }

  private static byte[] writeTable(List<String> header, List<Map<String, String>> rows) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      MeteoSwissMetadata.write(header, rows, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
