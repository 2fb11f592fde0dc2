package org.remotestore.tests.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.remotestore.FileInfo;
import org.remotestore.Store;

/**
 * Reads the medallion lake back through a {@link Store} (any backend) with parquet-hadoop's own
 * reader, for assertions: none of the job's code is used.
 */
final class LakeReader {
  private final Store lake;
  private final Path scratch;

  LakeReader(Store lake, Path scratch) {
    this.lake = lake;
    this.scratch = scratch;
  }

  /** One silver value: station, timestamp, parameter, value, revision. */
  record SilverValue(String station, Instant timestamp, String parameter, double value, int rev) {}

  /** One {@code daily_summary} row (the columns the suites compare). */
  record Summary(
      String station,
      LocalDate date,
      int version,
      Double tempMean,
      Double tempMin,
      Double tempMax,
      int samples) {}

  /** Every path below {@code folder}, hidden and marker files included. */
  List<String> allFiles(String folder) throws IOException {
    List<String> files = new ArrayList<>();
    for (FileInfo f : lake.listFiles(folder, true)) {
      files.add(f.path());
    }
    return files;
  }

  /** Committed Parquet part files below {@code folder} (no hidden or {@code _} files). */
  List<String> parquetFiles(String folder) throws IOException {
    List<String> files = new ArrayList<>();
    for (String path : allFiles(folder)) {
      String name = path.substring(path.lastIndexOf('/') + 1);
      if (!name.startsWith(".") && !name.startsWith("_") && name.endsWith(".parquet")) {
        files.add(path);
      }
    }
    return files;
  }

  List<SilverValue> silver() throws IOException {
    List<SilverValue> values = new ArrayList<>();
    for (String file : parquetFiles("silver")) {
      String[] parts = file.split("/");
      String station = parts[parts.length - 3].substring("station_abbr=".length());
      for (Group g : rows(file)) {
        values.add(
            new SilverValue(
                station,
                timestamp(g, "reference_timestamp"),
                g.getString("parameter", 0),
                g.getDouble("value", 0),
                g.getInteger("revision", 0)));
      }
    }
    return values;
  }

  List<Summary> dailySummaries() throws IOException {
    List<Summary> rows = new ArrayList<>();
    for (String file : parquetFiles("gold/daily_summary")) {
      for (Group g : rows(file)) {
        rows.add(
            new Summary(
                g.getString("station_abbr", 0),
                LocalDate.ofEpochDay(g.getInteger("date", 0)),
                g.getInteger("version", 0),
                dbl(g, "tre200s0_mean"),
                dbl(g, "tre200s0_min"),
                dbl(g, "tre200s0_max"),
                g.getInteger("samples", 0)));
      }
    }
    return rows;
  }

  private List<Group> rows(String file) throws IOException {
    Path local = Files.createTempFile(scratch, "part", ".parquet");
    try {
      Files.write(local, lake.readBytes(file));
      List<Group> groups = new ArrayList<>();
      try (ParquetReader<Group> reader =
          ParquetReader.builder(
                  new GroupReadSupport(), new org.apache.hadoop.fs.Path(local.toUri()))
              .withConf(new org.apache.hadoop.conf.Configuration(false))
              .build()) {
        for (Group g = reader.read(); g != null; g = reader.read()) {
          groups.add(g);
        }
      }
      return groups;
    } finally {
      Files.deleteIfExists(local);
    }
  }

  private static Double dbl(Group g, String field) {
    return g.getFieldRepetitionCount(field) > 0 ? g.getDouble(field, 0) : null;
  }

  /** A TIMESTAMP column: INT64 (millis or micros, by its logical type) or INT96. */
  private static Instant timestamp(Group g, String field) {
    var type = g.getType().getType(field).asPrimitiveType();
    switch (type.getPrimitiveTypeName()) {
      case INT64:
        long v = g.getLong(field, 0);
        String logical = String.valueOf(type.getLogicalTypeAnnotation());
        if (logical.contains("MICROS")) {
          return Instant.ofEpochSecond(0, v * 1000);
        }
        if (logical.contains("NANOS")) {
          return Instant.ofEpochSecond(0, v);
        }
        return Instant.ofEpochMilli(v);
      case INT96:
        java.nio.ByteBuffer b =
            java.nio.ByteBuffer.wrap(g.getInt96(field, 0).getBytes())
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        long nanosOfDay = b.getLong();
        int julianDay = b.getInt();
        long epochDay = julianDay - 2440588L;
        return Instant.ofEpochSecond(epochDay * 86400L, nanosOfDay);
      default:
        throw new IllegalStateException("Unexpected timestamp type " + type + " of " + field);
    }
  }
}
