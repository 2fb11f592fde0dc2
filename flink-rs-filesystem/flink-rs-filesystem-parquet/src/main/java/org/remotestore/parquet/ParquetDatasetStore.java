package org.remotestore.parquet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.apache.parquet.schema.Type;
import org.remotestore.AlreadyExists;
import org.remotestore.FileInfo;
import org.remotestore.NotFound;
import org.remotestore.Store;

/**
 * Parquet datasets on any {@link Store}: a folder (the dataset's key) holding part files, a {@code
 * manifest.json} and a {@code _SUCCESS} marker.
 *
 * <p>{@link #writeDataset} writes the parts, then the manifest, then the marker, each file
 * atomically (it appears complete or not at all), so a reader that finds {@code _SUCCESS} finds a
 * complete manifest and every part it lists. A write that fails removes the parts it wrote. An
 * existing dataset is {@link AlreadyExists} unless the options overwrite it; an overwrite first
 * removes the old marker, so the old dataset is never seen mixed with the new one.
 *
 * <p>{@link #readDataset} refuses a dataset without its marker, manifest or a listed part ({@link
 * DatasetIncomplete}) and a manifest that is not valid or that the parts contradict (schema hash,
 * row counts: {@link ManifestCorrupted}); it reads only the requested columns. Rows are Parquet's
 * example {@link Group}s over a {@link MessageType}.
 */
public final class ParquetDatasetStore {
  /** The manifest's file name in the dataset folder. */
  public static final String MANIFEST = "manifest.json";

  /** The completion marker's file name in the dataset folder. */
  public static final String SUCCESS = "_SUCCESS";

  private final Store store;
  private final long readRangeBytes;

  /**
   * Datasets below the root of {@code store}, read in ranges of {@link
   * org.remotestore.SeekableInputStream#DEFAULT_RANGE_BYTES}.
   */
  public ParquetDatasetStore(Store store) {
    this(store, org.remotestore.SeekableInputStream.DEFAULT_RANGE_BYTES);
  }

  /**
   * Datasets below the root of {@code store}; parts are read in byte ranges of {@code
   * readRangeBytes} (smaller ranges fetch less of the columns a projection skips).
   */
  public ParquetDatasetStore(Store store, long readRangeBytes) {
    this.store = Objects.requireNonNull(store, "store");
    if (readRangeBytes < 1) {
      throw new IllegalArgumentException("readRangeBytes < 1: " + readRangeBytes);
    }
    this.readRangeBytes = readRangeBytes;
  }

  /** The store the datasets live in. */
  public Store store() {
    return store;
  }

  /**
   * Writes {@code rows} as the dataset {@code key}: parts of {@link
   * DatasetWriteOptions#rowsPerPart()} rows named {@code part-<n>-<runId>.parquet}, then {@code
   * manifest.json}, then {@code _SUCCESS}.
   *
   * @return the manifest written
   * @throws AlreadyExists when something exists at {@code key} and the options do not overwrite
   */
  public DatasetManifest writeDataset(
      String key, MessageType schema, Iterable<? extends Group> rows, DatasetWriteOptions options)
      throws IOException {
    String k = datasetKey(key);
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(options, "options");
    if (store.exists(k)) {
      if (!options.overwrite()) {
        throw new AlreadyExists(
            "Dataset '" + k + "' already exists (write with overwrite to replace it)",
            store.backendName(),
            k);
      }
      deleteDataset(k);
    }
    List<DatasetManifest.Part> parts = new ArrayList<>();
    try {
      writeParts(k, schema, rows.iterator(), options, parts);
      DatasetManifest manifest =
          new DatasetManifest(
              k,
              parts,
              parts.stream().mapToLong(DatasetManifest.Part::rows).sum(),
              schemaHash(schema),
              schema.toString(),
              options.compression().name(),
              Instant.now(),
              options.runId(),
              options.metadata());
      store.write(file(k, MANIFEST), ManifestCodec.write(manifest), false);
      store.write(file(k, SUCCESS), new byte[0], false);
      return manifest;
    } catch (IOException | RuntimeException | Error e) {
      for (DatasetManifest.Part p : parts) {
        try {
          store.delete(file(k, p.path()), true);
        } catch (IOException | RuntimeException cleanup) {
          e.addSuppressed(cleanup);
        }
      }
      try {
        if (store.listFiles(k, true).isEmpty()) {
          store.deleteFolder(k); // an empty folder (local disk) is no dataset either
        }
      } catch (IOException | RuntimeException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
  }

  private void writeParts(
      String k,
      MessageType schema,
      Iterator<? extends Group> rows,
      DatasetWriteOptions options,
      List<DatasetManifest.Part> parts)
      throws IOException {
    while (rows.hasNext()) {
      String name =
          String.format(Locale.ROOT, "part-%05d-%s.parquet", parts.size(), options.runId());
      String path = file(k, name);
      StoreOutputFile out = new StoreOutputFile(store, path);
      long count = 0;
      boolean closed = false;
      ParquetWriter<Group> writer =
          ExampleParquetWriter.builder(out)
              .withType(schema)
              .withCompressionCodec(options.compression())
              .withWriteMode(ParquetFileWriter.Mode.CREATE)
              .build();
      try {
        while (rows.hasNext() && count < options.rowsPerPart()) {
          writer.write(rows.next());
          count++;
        }
        writer.close();
        closed = true;
      } finally {
        if (!closed) {
          out.abort();
        }
      }
      parts.add(new DatasetManifest.Part(name, count, store.getFileInfo(path).size()));
    }
  }

  /** Every row and column of the dataset; see {@link #readDataset(String, List, Consumer)}. */
  public List<Group> readDataset(String key) throws IOException {
    return readDataset(key, List.of());
  }

  /**
   * The rows of the dataset with only {@code columns} (top-level field names; empty: all),
   * collected in memory; see {@link #readDataset(String, List, Consumer)}.
   */
  public List<Group> readDataset(String key, List<String> columns) throws IOException {
    List<Group> out = new ArrayList<>();
    readDataset(key, columns, out::add);
    return out;
  }

  /**
   * Streams the rows of the dataset, parts in manifest order, with only {@code columns} read from
   * the store (the other column chunks are never fetched).
   *
   * @return the number of rows
   * @throws NotFound when nothing exists at {@code key}
   * @throws DatasetIncomplete when the marker, the manifest or a listed part is missing
   * @throws ManifestCorrupted when the manifest is invalid or a part contradicts it
   * @throws IllegalArgumentException naming the column when a requested column is not in the schema
   */
  public long readDataset(String key, List<String> columns, Consumer<? super Group> rows)
      throws IOException {
    String k = datasetKey(key);
    if (!store.isFile(file(k, SUCCESS))) {
      if (!store.exists(k)) {
        throw new NotFound("No dataset at '" + k + "'", store.backendName(), k);
      }
      throw incomplete(k, "its " + SUCCESS + " marker is missing (a write running or failed)");
    }
    DatasetManifest manifest = readManifest(k);
    MessageType schema;
    try {
      schema = MessageTypeParser.parseMessageType(manifest.schema());
    } catch (RuntimeException e) {
      throw corrupted(k, "its schema cannot be parsed", e);
    }
    if (!schemaHash(schema).equals(manifest.schemaHash())) {
      throw corrupted(k, "schema_hash does not match its schema", null);
    }
    MessageType requested = project(k, schema, columns);
    long total = 0;
    for (DatasetManifest.Part part : manifest.parts()) {
      FileInfo info;
      try {
        info = store.getFileInfo(file(k, part.path()));
      } catch (NotFound e) {
        throw incomplete(k, "part " + part.path() + " listed in the manifest is missing");
      }
      StoreInputFile input = new StoreInputFile(store, info.path(), readRangeBytes, info.size());
      total += readPart(k, part, input, manifest, requested, rows);
    }
    return total;
  }

  private long readPart(
      String k,
      DatasetManifest.Part part,
      StoreInputFile input,
      DatasetManifest manifest,
      MessageType requested,
      Consumer<? super Group> rows)
      throws IOException {
    long count = 0;
    try (ParquetFileReader reader =
        ParquetFileReader.open(input, ParquetReadOptions.builder().build())) {
      MessageType fileSchema = reader.getFooter().getFileMetaData().getSchema();
      if (!schemaHash(fileSchema).equals(manifest.schemaHash())) {
        throw corrupted(k, "part " + part.path() + " has another schema than the manifest", null);
      }
      if (reader.getRecordCount() != part.rows()) {
        throw corrupted(
            k,
            "part "
                + part.path()
                + " has "
                + reader.getRecordCount()
                + " rows, the manifest says "
                + part.rows(),
            null);
      }
      reader.setRequestedSchema(requested);
      MessageColumnIO io = new ColumnIOFactory().getColumnIO(requested, fileSchema);
      PageReadStore pages;
      while ((pages = reader.readNextRowGroup()) != null) {
        RecordReader<Group> records =
            io.getRecordReader(pages, new GroupRecordConverter(requested));
        for (long i = 0, n = pages.getRowCount(); i < n; i++) {
          rows.accept(records.read());
          count++;
        }
      }
    }
    return count;
  }

  /** Whether a complete dataset (its {@code _SUCCESS} marker) exists at {@code key}. */
  public boolean datasetExists(String key) throws IOException {
    return store.isFile(file(datasetKey(key), SUCCESS));
  }

  /**
   * The dataset's manifest.
   *
   * @throws NotFound when nothing exists at {@code key}
   * @throws DatasetIncomplete when the folder exists without a manifest
   * @throws ManifestCorrupted when the manifest is not valid
   */
  public DatasetManifest readManifest(String key) throws IOException {
    String k = datasetKey(key);
    byte[] bytes;
    try {
      bytes = store.readBytes(file(k, MANIFEST));
    } catch (NotFound e) {
      if (store.exists(k)) {
        throw incomplete(k, "its " + MANIFEST + " is missing (a write running or failed)");
      }
      throw new NotFound("No dataset at '" + k + "'", store.backendName(), k, e);
    }
    return ManifestCodec.read(bytes, store.backendName(), k);
  }

  /**
   * Deletes the dataset: the marker first (readers stop seeing it complete), then the manifest,
   * then everything else in its folder.
   *
   * @return whether anything existed at {@code key}
   */
  public boolean deleteDataset(String key) throws IOException {
    String k = datasetKey(key);
    if (!store.exists(k)) {
      return false;
    }
    store.delete(file(k, SUCCESS), true);
    store.delete(file(k, MANIFEST), true);
    store.deleteFolder(k);
    return true;
  }

  private MessageType project(String k, MessageType schema, List<String> columns) {
    if (columns == null || columns.isEmpty()) {
      return schema;
    }
    List<Type> fields = new ArrayList<>();
    for (String column : columns) {
      if (!schema.containsField(column)) {
        throw new IllegalArgumentException(
            "Dataset '"
                + k
                + "' has no column '"
                + column
                + "' (columns: "
                + schema.getFields().stream().map(Type::getName).toList()
                + ")");
      }
      fields.add(schema.getType(column));
    }
    return new MessageType(schema.getName(), fields);
  }

  /** SHA-256 (hex) of the schema's canonical text. */
  static String schemaHash(MessageType schema) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of()
          .formatHex(sha.digest(schema.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private String datasetKey(String key) {
    Objects.requireNonNull(key, "key");
    String k = key;
    while (k.endsWith("/")) {
      k = k.substring(0, k.length() - 1);
    }
    if (k.isEmpty()) {
      throw new IllegalArgumentException("A dataset key names a folder below the store's root");
    }
    return k;
  }

  private static String file(String k, String name) {
    return k + "/" + name;
  }

  private DatasetIncomplete incomplete(String k, String why) {
    return new DatasetIncomplete(
        "Dataset '" + k + "' is incomplete: " + why, store.backendName(), k);
  }

  private ManifestCorrupted corrupted(String k, String why, Throwable cause) {
    return new ManifestCorrupted(
        "Corrupted manifest of dataset '" + k + "': " + why, store.backendName(), k, cause);
  }
}
