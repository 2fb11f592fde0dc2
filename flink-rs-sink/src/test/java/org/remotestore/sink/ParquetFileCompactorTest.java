package org.remotestore.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
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
import org.apache.flink.formats.parquet.row.ParquetRowDataBuilder;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.RowType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ParquetFileCompactor} reads part files with {@link ParquetRowFileReader}: the same rows as
 * Flink's own Parquet reader, across row groups and files, and without a Hadoop configuration per
 * file.
 */
class ParquetFileCompactorTest {
  private static final RowType TYPE =
      (RowType)
          DataTypes.ROW(
                  DataTypes.FIELD("name", DataTypes.STRING()),
                  DataTypes.FIELD("flag", DataTypes.BOOLEAN()),
                  DataTypes.FIELD("tiny", DataTypes.TINYINT()),
                  DataTypes.FIELD("small", DataTypes.SMALLINT()),
                  DataTypes.FIELD("count", DataTypes.INT()),
                  DataTypes.FIELD("day", DataTypes.DATE()),
                  DataTypes.FIELD("total", DataTypes.BIGINT()),
                  DataTypes.FIELD("ratio", DataTypes.FLOAT()),
                  DataTypes.FIELD("value", DataTypes.DOUBLE()),
                  DataTypes.FIELD("at", DataTypes.TIMESTAMP(3)),
                  DataTypes.FIELD("seen", DataTypes.TIMESTAMP_LTZ(3)),
                  DataTypes.FIELD("raw", DataTypes.BYTES()))
              .getLogicalType();

  @TempDir java.nio.file.Path dir;

  @Test
  void compactsTheRowsFlinksParquetReaderReadsAcrossFilesAndRowGroups() throws Exception {
    List<Path> files = new ArrayList<>();
    List<RowData> written = new ArrayList<>();
    for (int f = 0; f < 3; f++) {
      List<RowData> rows = new ArrayList<>();
      int count = f == 1 ? 5_000 : 7; // the second file spans several row groups
      for (int i = 0; i < count; i++) {
        rows.add(row(f * 10_000 + i));
      }
      files.add(write("part-" + f + ".parquet", rows, f == 1 ? 16 * 1024 : 8 * 1024 * 1024));
      written.addAll(rows);
    }

    try (org.apache.parquet.hadoop.ParquetFileReader footer =
        org.apache.parquet.hadoop.ParquetFileReader.open(
            new org.apache.flink.formats.parquet.ParquetInputFile(
                files.get(1).getFileSystem().open(files.get(1)),
                files.get(1).getFileSystem().getFileStatus(files.get(1)).getLen()))) {
      assertThat(footer.getRowGroups()).as("row groups of the second file").hasSizeGreaterThan(2);
    }

    List<List<Object>> compacted = new ArrayList<>();
    new ParquetFileCompactor<Object>(TYPE)
        .compact(files, element -> compacted.add(fields((RowData) ((PreparedRow) element).row())));

    List<List<Object>> flinks = new ArrayList<>();
    for (Path file : files) {
      flinks.addAll(readWithFlink(file));
    }
    List<List<Object>> expected = new ArrayList<>();
    for (RowData r : written) {
      expected.add(fields(r));
    }
    assertThat(compacted).hasSize(5_014).isEqualTo(flinks).isEqualTo(expected);
  }

  @Test
  void readsNoHadoopConfigurationResourcesPerFile() throws Exception {
    Path file = write("part.parquet", List.of(row(1), row(2)), 8 * 1024 * 1024);
    new ParquetFileCompactor<Object>(TYPE).compact(List.of(file), element -> {}); // warm-up
    List<String> asked = resourcesAskedWhile(() -> readWithFlink(file));
    assertThat(asked)
        .as("the probe sees Flink's reader load Hadoop's default resources")
        .contains("core-default.xml");

    List<RowData> rows = new ArrayList<>();
    assertThat(
            resourcesAskedWhile(
                () ->
                    new ParquetFileCompactor<Object>(TYPE)
                        .compact(
                            List.of(file, file, file),
                            element -> rows.add((RowData) ((PreparedRow) element).row()))))
        .as("resources loaded while compacting three files")
        .doesNotContain("core-default.xml", "core-site.xml");
    assertThat(rows).hasSize(6);
  }

  @Test
  void namesTheColumnAndFileOfATypeItCannotRead() throws Exception {
    Path file = write("part.parquet", List.of(row(1)), 8 * 1024 * 1024);
    RowType wrong =
        (RowType) DataTypes.ROW(DataTypes.FIELD("name", DataTypes.DOUBLE())).getLogicalType();
    assertThatThrownBy(() -> new ParquetRowFileReader(file, wrong))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'name'")
        .hasMessageContaining("part.parquet");
  }

  /** Row {@code i}: every column set, and every seventh column of some rows null. */
  private static RowData row(int i) {
    GenericRowData r = new GenericRowData(TYPE.getFieldCount());
    r.setField(0, StringData.fromString("station-" + i + (i % 3 == 0 ? " Genève" : "")));
    r.setField(1, i % 2 == 0);
    r.setField(2, (byte) (i % 200 - 100));
    r.setField(3, (short) (i % 60_000 - 30_000));
    r.setField(4, i * 7 - 20_000);
    r.setField(5, i % 40_000 - 20_000); // days since 1970, before and after
    r.setField(6, (long) i * 1_000_000_007L - 5_000_000_000L);
    r.setField(7, i / 8f);
    r.setField(8, i % 11 == 0 ? Double.NaN : i * 0.1 - 300.25);
    // before and after 1970, with milliseconds
    r.setField(9, TimestampData.fromEpochMillis((i - 2_500L) * 86_399_123L));
    r.setField(10, TimestampData.fromEpochMillis(1_767_225_600_000L + i * 600_000L + i % 1000));
    r.setField(11, ("raw" + i).getBytes(StandardCharsets.UTF_8));
    if (i % 5 == 0) {
      r.setField(i % TYPE.getFieldCount(), null);
    }
    return r;
  }

  private Path write(String name, List<RowData> rows, int rowGroupBytes) throws IOException {
    org.apache.hadoop.conf.Configuration conf = ParquetSinks.writerConfiguration();
    conf.setInt("parquet.block.size", rowGroupBytes);
    conf.setInt("parquet.page.size", Math.min(rowGroupBytes, 64 * 1024));
    BulkWriter.Factory<RowData> factory =
        ParquetRowDataBuilder.createWriterFactory(TYPE, conf, true);
    Path path = new Path(dir.resolve(name).toUri());
    try (FSDataOutputStream out = path.getFileSystem().create(path, WriteMode.OVERWRITE)) {
      BulkWriter<RowData> writer = factory.create(out);
      for (RowData r : rows) {
        writer.addElement(r);
      }
      writer.finish();
    }
    return path;
  }

  private static List<List<Object>> readWithFlink(Path file) throws IOException {
    ParquetColumnarRowInputFormat<FileSourceSplit> format =
        new ParquetColumnarRowInputFormat<>(
            new org.apache.hadoop.conf.Configuration(false), TYPE, null, 500, true, true);
    long size = file.getFileSystem().getFileStatus(file).getLen();
    List<List<Object>> rows = new ArrayList<>();
    try (BulkFormat.Reader<RowData> reader =
        format.createReader(
            new Configuration(), new FileSourceSplit("s", file, 0, size, 0, size))) {
      BulkFormat.RecordIterator<RowData> batch;
      while ((batch = reader.readBatch()) != null) {
        RecordAndPosition<RowData> r;
        while ((r = batch.next()) != null) {
          rows.add(fields(r.getRecord()));
        }
        batch.releaseBatch();
      }
    }
    return rows;
  }

  /** The row's fields as comparable values (byte arrays as lists, strings as Java strings). */
  private static List<Object> fields(RowData row) {
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < TYPE.getFieldCount(); i++) {
      Object v = RowData.createFieldGetter(TYPE.getTypeAt(i), i).getFieldOrNull(row);
      if (v instanceof byte[] bytes) {
        List<Byte> list = new ArrayList<>();
        for (byte b : bytes) {
          list.add(b);
        }
        v = list;
      } else if (v instanceof StringData s) {
        v = s.toString();
      }
      out.add(v);
    }
    return out;
  }

  @FunctionalInterface
  private interface Action {
    void run() throws Exception;
  }

  /** The names of class path resources looked up through the context class loader during work. */
  private static List<String> resourcesAskedWhile(Action work) throws Exception {
    List<String> asked = Collections.synchronizedList(new ArrayList<>());
    ClassLoader original = Thread.currentThread().getContextClassLoader();
    ClassLoader probe =
        new ClassLoader(original) {
          @Override
          public URL getResource(String name) {
            asked.add(name);
            return super.getResource(name);
          }
        };
    Thread.currentThread().setContextClassLoader(probe);
    try {
      work.run();
    } finally {
      Thread.currentThread().setContextClassLoader(original);
    }
    return asked;
  }
}
