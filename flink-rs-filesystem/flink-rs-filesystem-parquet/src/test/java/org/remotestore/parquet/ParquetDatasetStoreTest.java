package org.remotestore.parquet;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotestore.AlreadyExists;
import org.remotestore.BackendConfig;
import org.remotestore.DefaultStore;
import org.remotestore.FileInfo;
import org.remotestore.NotFound;
import org.remotestore.Store;
import org.remotestore.local.LocalBackend;
import org.remotestore.memory.MemoryBackend;
import org.remotestore.s3.S3Backend;
import org.remotestore.sql.SqlBlobBackend;
import org.remotestore.testing.s3.S3ProxyServer;
import org.remotestore.testing.s3.S3TestEndpoint;
import org.remotestore.testing.sql.PostgresTestServer;

/**
 * The Parquet dataset store and Parquet's InputFile/OutputFile: the same cases on memory, local
 * disk, S3Proxy and PostgreSQL (sql-blob on the sql module's embedded server).
 */
class ParquetDatasetStoreTest {
  static final MessageType SCHEMA =
      MessageTypeParser.parseMessageType(
          "message reading { required binary station (STRING); required int64 time;"
              + " optional double tre200s0; }");

  static List<Group> rows(int n) {
    SimpleGroupFactory factory = new SimpleGroupFactory(SCHEMA);
    List<Group> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Group g =
          factory.newGroup().append("station", i % 2 == 0 ? "BER" : "LUG").append("time", (long) i);
      if (i % 10 != 0) {
        g.append("tre200s0", i / 10.0);
      }
      out.add(g);
    }
    return out;
  }

  @Nested
  class Memory extends Cases {
    @Override
    Store createStore() throws Exception {
      return new DefaultStore(new MemoryBackend("mem", "parquet-" + UUID.randomUUID()), "root");
    }
  }

  @Nested
  class Local extends Cases {
    @TempDir Path dir;

    @Override
    Store createStore() throws Exception {
      return new DefaultStore(new LocalBackend("disk", dir, false), "root");
    }
  }

  @Nested
  class S3Proxy extends Cases {
    private S3Backend backend;

    @Override
    Store createStore() throws Exception {
      S3TestEndpoint server = S3ProxyServer.shared();
      backend = server.newBackend("s3-parquet", server.createBucket("parquet"), Map.of());
      return new DefaultStore(backend, "root");
    }

    @Override
    void destroyStore() throws Exception {
      backend.close();
    }
  }

  @Nested
  class Postgres extends Cases {
    private SqlBlobBackend backend;

    @Override
    Store createStore() throws Exception {
      PostgresTestServer server = PostgresTestServer.shared();
      synchronized (ParquetDatasetStoreTest.class) {
        if (pgDatabase == null) {
          pgDatabase = server.newDatabase("parquet");
        }
      }
      // one database, fresh tables per test; 64 KiB chunks so that parts span several chunks
      String table = "parquet_" + pgTables.incrementAndGet();
      backend =
          new SqlBlobBackend(
              new BackendConfig(
                  "pg-parquet",
                  "sql-blob",
                  server.options(pgDatabase, Map.of("chunk-size", "64kb", "table", table))));
      return new DefaultStore(backend, "root");
    }

    @Override
    void destroyStore() throws Exception {
      backend.close();
    }
  }

  private static String pgDatabase;
  private static final AtomicInteger pgTables = new AtomicInteger();

  abstract static class Cases {
    Store store;
    ParquetDatasetStore datasets;

    abstract Store createStore() throws Exception;

    void destroyStore() throws Exception {}

    @BeforeEach
    void setUp() throws Exception {
      store = createStore();
      datasets = new ParquetDatasetStore(store);
    }

    @AfterEach
    void tearDown() throws Exception {
      destroyStore();
    }

    private DatasetWriteOptions options() {
      return DatasetWriteOptions.defaults()
          .withRowsPerPart(1000)
          .withRunId("run-1")
          .withMetadata(Map.of("source", "meteoswiss"));
    }

    @Test
    void writesPartsManifestAndMarkerAndReadsEveryRow() throws IOException {
      DatasetManifest written =
          datasets.writeDataset("silver/readings", SCHEMA, rows(2500), options());
      assertThat(written.parts())
          .extracting(DatasetManifest.Part::path)
          .containsExactly(
              "part-00000-run-1.parquet", "part-00001-run-1.parquet", "part-00002-run-1.parquet");
      assertThat(written.parts())
          .extracting(DatasetManifest.Part::rows)
          .containsExactly(1000L, 1000L, 500L);
      assertThat(written.rowCount()).isEqualTo(2500);
      assertThat(written.compression()).isEqualTo("SNAPPY");
      assertThat(written.schemaHash()).hasSize(64);
      assertThat(written.metadata()).containsEntry("source", "meteoswiss");

      assertThat(store.listFiles("silver/readings"))
          .extracting(FileInfo::path)
          .contains("silver/readings/_SUCCESS", "silver/readings/manifest.json")
          .hasSize(5);
      assertThat(datasets.datasetExists("silver/readings")).isTrue();
      assertThat(datasets.readManifest("silver/readings")).isEqualTo(written);

      List<Group> all = datasets.readDataset("silver/readings");
      assertThat(all).hasSize(2500);
      assertThat(all.get(2499).getLong("time", 0)).isEqualTo(2499);
      assertThat(all.get(3).getString("station", 0)).isEqualTo("LUG");
      assertThat(all.get(3).getDouble("tre200s0", 0)).isEqualTo(0.3);
      assertThat(all.get(10).getFieldRepetitionCount("tre200s0")).isZero();
    }

    @Test
    void readsOnlyTheRequestedColumns() throws IOException {
      datasets.writeDataset("ds", SCHEMA, rows(100), options());
      List<Group> projected = datasets.readDataset("ds", List.of("time", "station"));
      assertThat(projected).hasSize(100);
      assertThat(projected.get(0).getType().getFields())
          .extracting(t -> t.getName())
          .containsExactly("time", "station");
      assertThat(projected.get(7).getLong("time", 0)).isEqualTo(7);
      assertThatThrownBy(() -> datasets.readDataset("ds", List.of("nope")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'nope'");
    }

    @Test
    void anExistingDatasetIsAlreadyExistsUnlessOverwriting() throws IOException {
      datasets.writeDataset("ds", SCHEMA, rows(10), options());
      assertThatThrownBy(() -> datasets.writeDataset("ds", SCHEMA, rows(5), options()))
          .isInstanceOf(AlreadyExists.class)
          .hasMessageContaining("ds");
      DatasetManifest second =
          datasets.writeDataset(
              "ds",
              SCHEMA,
              rows(5),
              options()
                  .withOverwrite(true)
                  .withRunId("run-2")
                  .withCompression(CompressionCodecName.GZIP));
      assertThat(second.compression()).isEqualTo("GZIP");
      assertThat(datasets.readDataset("ds")).hasSize(5);
      assertThat(store.listFiles("ds"))
          .extracting(FileInfo::path)
          .containsExactlyInAnyOrder(
              "ds/_SUCCESS", "ds/manifest.json", "ds/part-00000-run-2.parquet");
    }

    @Test
    void anIncompleteDatasetIsRefused() throws IOException {
      datasets.writeDataset("ds", SCHEMA, rows(1500), options());
      store.delete("ds/_SUCCESS");
      assertThat(datasets.datasetExists("ds")).isFalse();
      assertThatThrownBy(() -> datasets.readDataset("ds"))
          .isInstanceOf(DatasetIncomplete.class)
          .hasMessageContaining("_SUCCESS");

      store.write("ds/_SUCCESS", new byte[0], false);
      store.delete("ds/part-00001-run-1.parquet");
      assertThatThrownBy(() -> datasets.readDataset("ds"))
          .isInstanceOf(DatasetIncomplete.class)
          .hasMessageContaining("part-00001-run-1.parquet");

      store.delete("ds/manifest.json");
      assertThatThrownBy(() -> datasets.readManifest("ds"))
          .isInstanceOf(DatasetIncomplete.class)
          .hasMessageContaining("manifest.json");
    }

    @Test
    void aBadManifestIsManifestCorrupted() throws IOException {
      datasets.writeDataset("ds", SCHEMA, rows(20), options());
      String good = new String(store.readBytes("ds/manifest.json"), UTF_8);
      String hash = datasets.readManifest("ds").schemaHash();

      store.write("ds/manifest.json", "{not json".getBytes(UTF_8), true);
      assertThatThrownBy(() -> datasets.readDataset("ds"))
          .isInstanceOfSatisfying(
              ManifestCorrupted.class, e -> assertThat(e.path()).isEqualTo("ds"));

      store.write(
          "ds/manifest.json",
          good.replace("\"row_count\" : 20", "\"row_count\" : 21").getBytes(UTF_8),
          true);
      assertThatThrownBy(() -> datasets.readManifest("ds"))
          .isInstanceOf(ManifestCorrupted.class)
          .hasMessageContaining("row_count");

      store.write("ds/manifest.json", good.replace(hash, "0".repeat(64)).getBytes(UTF_8), true);
      assertThatThrownBy(() -> datasets.readDataset("ds"))
          .isInstanceOf(ManifestCorrupted.class)
          .hasMessageContaining("schema_hash");

      store.write(
          "ds/manifest.json",
          good.replace("\"rows\" : 20", "\"rows\" : 19")
              .replace("\"row_count\" : 20", "\"row_count\" : 19")
              .getBytes(UTF_8),
          true);
      assertThatThrownBy(() -> datasets.readDataset("ds"))
          .isInstanceOf(ManifestCorrupted.class)
          .hasMessageContaining("rows");
    }

    @Test
    void aFailedWriteLeavesNothingBehind() throws IOException {
      Iterator<Group> source = rows(1500).iterator();
      Iterable<Group> failing =
          () ->
              new Iterator<>() {
                int n;

                @Override
                public boolean hasNext() {
                  return source.hasNext();
                }

                @Override
                public Group next() {
                  if (++n == 1200) {
                    throw new IllegalStateException("source broke at row 1200");
                  }
                  return source.next();
                }
              };
      assertThatThrownBy(() -> datasets.writeDataset("ds", SCHEMA, failing, options()))
          .isInstanceOf(IllegalStateException.class);
      assertThat(store.listFiles("", true)).isEmpty();
      assertThat(datasets.datasetExists("ds")).isFalse();
      assertThatThrownBy(() -> datasets.readDataset("ds")).isInstanceOf(NotFound.class);
    }

    @Test
    void deleteRemovesTheWholeDataset() throws IOException {
      datasets.writeDataset("a/ds", SCHEMA, rows(3), options());
      store.write("a/other.txt", new byte[1], false);
      assertThat(datasets.deleteDataset("a/ds")).isTrue();
      assertThat(datasets.deleteDataset("a/ds")).isFalse();
      assertThat(store.listFiles("", true))
          .extracting(FileInfo::path)
          .containsExactly("a/other.txt");
      assertThatThrownBy(() -> datasets.readManifest("a/ds")).isInstanceOf(NotFound.class);
    }

    @Test
    void aProjectionFetchesOnlyItsColumnChunks() throws IOException {
      MessageType wide =
          MessageTypeParser.parseMessageType(
              "message wide { required int64 time; required binary payload (STRING); }");
      SimpleGroupFactory factory = new SimpleGroupFactory(wide);
      Random random = new Random(5);
      List<Group> rows = new ArrayList<>();
      for (int i = 0; i < 4000; i++) {
        byte[] payload = new byte[150];
        random.nextBytes(payload);
        rows.add(
            factory
                .newGroup()
                .append("time", (long) i)
                .append("payload", java.util.HexFormat.of().formatHex(payload)));
      }
      ByteCountingStore counting = new ByteCountingStore(store);
      ParquetDatasetStore ranged = new ParquetDatasetStore(counting, 16 * 1024);
      ranged.writeDataset(
          "wide",
          wide,
          rows,
          options().withRowsPerPart(4000).withCompression(CompressionCodecName.UNCOMPRESSED));

      counting.bytes.set(0);
      List<Group> times = ranged.readDataset("wide", List.of("time"));
      long projected = counting.bytes.get();
      counting.bytes.set(0);
      List<Group> all = ranged.readDataset("wide");
      long full = counting.bytes.get();

      assertThat(times).hasSize(4000);
      assertThat(times.get(3999).getLong("time", 0)).isEqualTo(3999);
      assertThat(all.get(5).getString("payload", 0)).hasSize(300);
      assertThat(full).isGreaterThan(4000L * 300);
      assertThat(projected).as("bytes fetched for one 8-byte column").isLessThan(full / 5);
    }

    @Test
    void anEmptyDatasetHasNoPartsAndNoRows() throws IOException {
      DatasetManifest m = datasets.writeDataset("empty", SCHEMA, List.of(), options());
      assertThat(m.parts()).isEmpty();
      assertThat(datasets.readDataset("empty")).isEmpty();
      assertThat(datasets.datasetExists("empty")).isTrue();
    }

    @Test
    void parquetReadersAndWritersWorkOnTheStoreFiles() throws IOException {
      StoreOutputFile out = new StoreOutputFile(store, "plain/file.parquet");
      try (ParquetWriter<Group> writer =
          ExampleParquetWriter.builder(out).withType(SCHEMA).build()) {
        for (Group g : rows(42)) {
          writer.write(g);
        }
      }
      StoreInputFile in = new StoreInputFile(store, "plain/file.parquet");
      assertThat(in.getLength()).isEqualTo(store.getFileInfo("plain/file.parquet").size());
      try (ParquetFileReader reader =
          ParquetFileReader.open(in, ParquetReadOptions.builder().build())) {
        assertThat(reader.getRecordCount()).isEqualTo(42);
        assertThat(reader.getFooter().getFileMetaData().getSchema()).isEqualTo(SCHEMA);
      }
      assertThatThrownBy(
              () ->
                  ExampleParquetWriter.builder(new StoreOutputFile(store, "plain/file.parquet"))
                      .withType(SCHEMA)
                      .build())
          .isInstanceOf(AlreadyExists.class);
    }
  }
}
