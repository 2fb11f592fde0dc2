package org.remotestore.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.local.LocalFileSystem;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.RowType;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.internal.column.columnindex.OffsetIndex;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Parquet writers of {@link ParquetSinks} stay small: a partitioned sink keeps one open per
 * partition with rows since the last checkpoint (hundreds in the medallion job's backfill), so
 * neither what a writer allocates when it opens nor what it buffers may be sized for one big file.
 */
class ParquetWriterMemoryTest {
  private static final RowType TYPE =
      (RowType)
          DataTypes.ROW(
                  DataTypes.FIELD("station", DataTypes.STRING()),
                  DataTypes.FIELD("at", DataTypes.TIMESTAMP(3)),
                  DataTypes.FIELD("parameter", DataTypes.STRING()),
                  DataTypes.FIELD("value", DataTypes.DOUBLE()),
                  DataTypes.FIELD("note", DataTypes.STRING()))
              .getLogicalType();

  @TempDir Path dir;

  @Test
  void aWriterAllocatesFarLessThanParquetsDefaultPageWhenItOpens() throws Exception {
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    BulkWriter.Factory<RowData> factory = ParquetSinks.writerFactory(TYPE, r -> r);
    SplittableRandom random = new SplittableRandom(1);
    write(factory, dir.resolve("warm-up.parquet"), 10, random); // classes and codec pool
    List<Long> allocated = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Path file = dir.resolve("small-" + i + ".parquet");
      long before = threads.getCurrentThreadAllocatedBytes();
      try (FSDataOutputStream out = create(file)) {
        BulkWriter<RowData> writer = factory.create(out);
        writer.addElement(row(random, 0));
        allocated.add(threads.getCurrentThreadAllocatedBytes() - before);
        writer.finish();
      }
    }
    // Parquet's default (1 MiB pages) allocates a 1 MiB compressor buffer per writer
    assertThat(allocated.stream().mapToLong(Long::longValue).min().orElseThrow())
        .isLessThan(4L * ParquetSinks.PAGE_BYTES);
  }

  @Test
  void aWriterBuffersAtMostAboutOneRowGroupAndWritesSmallPages() throws Exception {
    Path file = dir.resolve("big.parquet");
    long rows = 3L * ParquetSinks.ROW_GROUP_BYTES / 120; // about 120 bytes a row
    write(ParquetSinks.writerFactory(TYPE, r -> r), file, rows, new SplittableRandom(2));
    try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
      List<BlockMetaData> groups = reader.getFooter().getBlocks();
      assertThat(groups.stream().mapToLong(BlockMetaData::getRowCount).sum()).isEqualTo(rows);
      // Parquet's default (128 MiB row groups) would write (and buffer) it all as one row group
      assertThat(groups).hasSizeGreaterThanOrEqualTo(3);
      for (BlockMetaData group : groups) {
        assertThat(group.getTotalByteSize()).isLessThan(ParquetSinks.ROW_GROUP_BYTES * 5L / 4);
        for (ColumnChunkMetaData column : group.getColumns()) {
          OffsetIndex pages = reader.readOffsetIndex(column);
          for (int p = 0; p < pages.getPageCount(); p++) {
            assertThat(pages.getCompressedPageSize(p))
                .as("page %d of %s", p, column.getPath())
                .isLessThan(2 * ParquetSinks.PAGE_BYTES);
          }
        }
      }
    }
  }

  private static void write(
      BulkWriter.Factory<RowData> factory, Path file, long rows, SplittableRandom random)
      throws Exception {
    try (FSDataOutputStream out = create(file)) {
      BulkWriter<RowData> writer = factory.create(out);
      for (long i = 0; i < rows; i++) {
        writer.addElement(row(random, i));
      }
      writer.finish();
    }
    assertThat(Files.size(file)).isPositive();
  }

  private static FSDataOutputStream create(Path file) throws Exception {
    return LocalFileSystem.getSharedInstance()
        .create(new org.apache.flink.core.fs.Path(file.toUri()), FileSystem.WriteMode.NO_OVERWRITE);
  }

  /** A row of about 120 bytes that neither dictionary encoding nor Snappy shrink much. */
  private static RowData row(SplittableRandom random, long i) {
    StringBuilder note = new StringBuilder(80);
    for (int c = 0; c < 80; c++) {
      note.append((char) ('a' + random.nextInt(26)));
    }
    return GenericRowData.of(
        StringData.fromString("S" + random.nextInt(160)),
        TimestampData.fromEpochMillis(1_767_225_600_000L + i * 600_000L),
        StringData.fromString("p" + random.nextInt(20)),
        random.nextDouble(),
        StringData.fromString(note.toString()));
  }
}
