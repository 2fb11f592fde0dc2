package org.remotestore.medallion;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.io.api.Binary;
import org.remotestore.FileInfo;
import org.remotestore.Store;

/**
 * Reads the lake back for assertions, through a {@link Store} (any backend), with parquet-hadoop's
 * own reader for Parquet: nothing of the job's code is used.
 */
final class LakeFiles {
  static final Charset CP1252 = Charset.forName("windows-1252");

  private final Store lake;
  private final Path scratch;

  LakeFiles(Store lake, Path scratch) {
    this.lake = lake;
    this.scratch = scratch;
  }

  /** Committed (visible) files below {@code folder}: no hidden ({@code .}) or marker files. */
  List<String> visibleFiles(String folder) throws IOException {
    List<String> files = new ArrayList<>();
    for (FileInfo f : lake.listFiles(folder, true)) {
      String name = f.path().substring(f.path().lastIndexOf('/') + 1);
      if (!name.startsWith(".") && !name.startsWith("_")) {
        files.add(f.path());
      }
    }
    return files;
  }

  /** Every file below {@code folder}, hidden ones included. */
  List<String> allFiles(String folder) throws IOException {
    List<String> files = new ArrayList<>();
    for (FileInfo f : lake.listFiles(folder, true)) {
      files.add(f.path());
    }
    return files;
  }

  boolean exists(String path) throws IOException {
    return lake.exists(path);
  }

  byte[] bytes(String path) throws IOException {
    return lake.readBytes(path);
  }

  /** Every data line of the CSV part files below {@code folder} (headers checked and dropped). */
  List<String> csvLines(String folder, List<String> headersSeen) throws IOException {
    List<String> lines = new ArrayList<>();
    for (String file : visibleFiles(folder)) {
      String text = new String(lake.readBytes(file), CP1252);
      List<String> fileLines = text.lines().toList();
      headersSeen.add(file + "\t" + fileLines.get(0));
      lines.addAll(fileLines.subList(1, fileLines.size()));
    }
    return lines;
  }

  /**
   * One silver row as read back: partition columns from the folder names, the rest from Parquet.
   */
  record SilverRow(
      String stationAbbr,
      String date,
      String stationName,
      String canton,
      Double elevationM,
      Double lat,
      Double lon,
      Instant referenceTimestamp,
      String parameter,
      String parameterName,
      String unit,
      double value,
      String granularity,
      int revision,
      Instant ingestedAt) {}

  /** Every row of every committed silver Parquet file. */
  List<SilverRow> silverRows() throws IOException {
    List<SilverRow> rows = new ArrayList<>();
    for (String file : visibleFiles("silver")) {
      if (!file.endsWith(".parquet")) {
        continue;
      }
      String[] parts = file.split("/");
      String station = parts[parts.length - 3].substring("station_abbr=".length());
      String date = parts[parts.length - 2].substring("date=".length());
      for (Group g : parquet(file)) {
        rows.add(
            new SilverRow(
                station,
                date,
                string(g, "station_name"),
                string(g, "canton"),
                dbl(g, "elevation_m"),
                dbl(g, "lat"),
                dbl(g, "lon"),
                timestamp(g, "reference_timestamp"),
                string(g, "parameter"),
                string(g, "parameter_name"),
                string(g, "unit"),
                g.getDouble("value", 0),
                string(g, "granularity"),
                g.getInteger("revision", 0),
                timestamp(g, "ingested_at")));
      }
    }
    return rows;
  }

  /** Every row of every committed Parquet file of an unpartitioned table folder. */
  List<Group> tableRows(String folder) throws IOException {
    List<Group> rows = new ArrayList<>();
    for (String file : visibleFiles(folder)) {
      if (file.endsWith(".parquet")) {
        rows.addAll(parquet(file));
      }
    }
    return rows;
  }

  /** The rows of one Parquet file, read with parquet-hadoop's example reader. */
  List<Group> parquet(String file) throws IOException {
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

  private static boolean present(Group g, String field) {
    return g.getFieldRepetitionCount(field) > 0;
  }

  static String string(Group g, String field) {
    return present(g, field) ? g.getString(field, 0) : null;
  }

  static Double dbl(Group g, String field) {
    return present(g, field) ? g.getDouble(field, 0) : null;
  }

  /** A TIMESTAMP column: INT96 (nanos of day, Julian day, little endian) or INT64 millis. */
  static Instant timestamp(Group g, String field) {
    if (!present(g, field)) {
      return null;
    }
    var type = g.getType().getType(field).asPrimitiveType().getPrimitiveTypeName();
    switch (type) {
      case INT96 -> {
        Binary b = g.getInt96(field, 0);
        ByteBuffer buf = b.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        long nanosOfDay = buf.getLong();
        int julianDay = buf.getInt();
        long epochDay = julianDay - 2_440_588L;
        return LocalDate.ofEpochDay(epochDay)
            .atStartOfDay(java.time.ZoneOffset.UTC)
            .toInstant()
            .plusNanos(nanosOfDay);
      }
      case INT64 -> {
        return Instant.ofEpochMilli(g.getLong(field, 0));
      }
      default -> throw new UncheckedIOException(new IOException("unexpected type " + type));
    }
  }
}
