package org.remotestore.parquet;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code manifest.json} of a Parquet dataset: what a complete write left behind.
 *
 * @param key the dataset's key (its folder in the store) when it was written
 * @param parts the part files, in write order, relative to the dataset folder
 * @param rowCount the rows of all parts together
 * @param schemaHash SHA-256 (hex) of the Parquet schema's text; every part has this schema
 * @param schema the Parquet schema's text ({@code message ... { ... }})
 * @param compression the Parquet codec of the parts, for example {@code SNAPPY}
 * @param created when the write finished
 * @param runId the write's run id (also in the part names)
 * @param metadata free key-value metadata given by the writer
 */
public record DatasetManifest(
    String key,
    List<Part> parts,
    long rowCount,
    String schemaHash,
    String schema,
    String compression,
    Instant created,
    String runId,
    Map<String, String> metadata) {

  /** Validates and copies the record. */
  public DatasetManifest {
    Objects.requireNonNull(key, "key");
    parts = List.copyOf(parts);
    Objects.requireNonNull(schemaHash, "schemaHash");
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(compression, "compression");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(runId, "runId");
    metadata = Map.copyOf(metadata);
    if (rowCount < 0) {
      throw new IllegalArgumentException("rowCount < 0: " + rowCount);
    }
  }

  /**
   * One part file.
   *
   * @param path the file name, relative to the dataset folder
   * @param rows its rows
   * @param bytes its size
   */
  public record Part(String path, long rows, long bytes) {
    /** Validates the record. */
    public Part {
      Objects.requireNonNull(path, "path");
      if (rows < 0 || bytes < 0) {
        throw new IllegalArgumentException("negative rows or bytes in part " + path);
      }
    }
  }
}
