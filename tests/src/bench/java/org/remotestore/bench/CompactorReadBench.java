package org.remotestore.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.RecordAndPosition;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem.WriteMode;
import org.apache.flink.core.fs.Path;
import org.apache.flink.formats.parquet.ParquetColumnarRowInputFormat;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.RowType;
import org.remotestore.medallion.silver.SilverRecord;
import org.remotestore.sink.ParquetFileCompactor;
import org.remotestore.sink.ParquetSinks;

/**
 * The compaction of many small Parquet part files, as a backfill leaves them (one station-day of
 * silver rows each), into one file, in one thread: {@link ParquetFileCompactor} (Parquet's record
 * reader) against the same merge reading each file with Flink's {@code
 * ParquetColumnarRowInputFormat}, which the compactor used before and which creates a Hadoop {@code
 * Configuration} per file. Both write with the sink's own Parquet writer and must write the same
 * number of rows; local files, rounds interleaved.
 */
final class CompactorReadBench {
  private static final int FILES = 300;
  private static final int ROWS_PER_FILE = 144 * 14;

  private CompactorReadBench() {}

  static void run(BenchContext ctx) throws Exception {
    java.nio.file.Path work = ctx.workDir("compact-read");
    try {
      RowType type = SilverRecord.FILE_TYPE;
      List<Path> parts = new ArrayList<>();
      for (int f = 0; f < FILES; f++) {
        Path part = new Path(work.resolve("part-" + f + ".parquet").toUri());
        try (FSDataOutputStream out = part.getFileSystem().create(part, WriteMode.OVERWRITE)) {
          BulkWriter<RowData> writer =
              ParquetSinks.<RowData>writerFactory(type, r -> r).create(out);
          for (int i = 0; i < ROWS_PER_FILE; i++) {
            writer.addElement(silverRow(f, i));
          }
          writer.finish();
        }
        parts.add(part);
      }
      Path output = new Path(work.resolve("compacted.parquet").toUri());
      long expected = (long) FILES * ROWS_PER_FILE;
      Interleaved merge =
          new Interleaved(
              "compactor",
              "merge "
                  + FILES
                  + " Parquet part files of "
                  + ROWS_PER_FILE
                  + " silver rows each into one (one thread, local files)",
              FILES,
              "files");
      merge.add(
          "rs ParquetFileCompactor",
          "Parquet's record reader",
          warm ->
              Interleaved.time(
                  () -> {
                    long[] rows = {0};
                    BulkWriter<Object> writer =
                        open(output, ParquetSinks.<Object>writerFactory(type, r -> null));
                    new ParquetFileCompactor<Object>(type)
                        .compact(
                            parts,
                            row -> {
                              writer.addElement(row);
                              rows[0]++;
                            });
                    writer.finish();
                    Workloads.check(rows[0] == expected, "compactor: " + rows[0] + " rows");
                  }));
      merge.add(
          "Flink's Parquet reader",
          "ParquetColumnarRowInputFormat per file, as before",
          warm ->
              Interleaved.time(
                  () -> {
                    long rows = 0;
                    BulkWriter<RowData> writer =
                        open(output, ParquetSinks.<RowData>writerFactory(type, r -> r));
                    for (Path part : parts) {
                      rows += readWithFlink(type, part, writer);
                    }
                    writer.finish();
                    Workloads.check(rows == expected, "Flink's reader: " + rows + " rows");
                  }));
      merge.runInto(ctx, 1, ctx.rounds());
    } finally {
      BenchContext.deleteTree(work);
    }
  }

  private static <T> BulkWriter<T> open(Path output, BulkWriter.Factory<T> factory)
      throws IOException {
    FSDataOutputStream out = output.getFileSystem().create(output, WriteMode.OVERWRITE);
    BulkWriter<T> writer = factory.create(out);
    return new BulkWriter<>() {
      @Override
      public void addElement(T element) throws IOException {
        writer.addElement(element);
      }

      @Override
      public void flush() throws IOException {
        writer.flush();
      }

      @Override
      public void finish() throws IOException {
        writer.finish();
        out.close();
      }
    };
  }

  private static long readWithFlink(RowType type, Path part, BulkWriter<RowData> into)
      throws IOException {
    ParquetColumnarRowInputFormat<FileSourceSplit> format =
        new ParquetColumnarRowInputFormat<>(
            new org.apache.hadoop.conf.Configuration(false), type, null, 2048, true, true);
    long size = part.getFileSystem().getFileStatus(part).getLen();
    long rows = 0;
    try (BulkFormat.Reader<RowData> reader =
        format.createReader(
            new Configuration(), new FileSourceSplit("compact", part, 0, size, 0, size))) {
      BulkFormat.RecordIterator<RowData> batch;
      while ((batch = reader.readBatch()) != null) {
        RecordAndPosition<RowData> r;
        while ((r = batch.next()) != null) {
          into.addElement(r.getRecord());
          rows++;
        }
        batch.releaseBatch();
      }
    }
    return rows;
  }

  /** A silver row: station metadata, one parameter's value at a 10-minute timestamp of a day. */
  private static RowData silverRow(int file, int i) {
    long timestamp = 1_767_225_600_000L + file * 86_400_000L + (i / 14) * 600_000L;
    return GenericRowData.of(
        StringData.fromString("Station " + file % 160),
        StringData.fromString("BE"),
        500.0 + file % 160,
        46.5,
        7.4,
        TimestampData.fromEpochMillis(timestamp),
        StringData.fromString("p" + i % 14),
        StringData.fromString("Parameter " + i % 14),
        StringData.fromString("°C"),
        Math.round(Math.sin(i * 0.01 + file) * 200) / 10.0,
        StringData.fromString("t"),
        0,
        TimestampData.fromEpochMillis(timestamp + 90_000L));
  }
}
