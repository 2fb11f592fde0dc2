package org.remotestore.parquet;

import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * How {@link ParquetDatasetStore#writeDataset} writes.
 *
 * @param overwrite whether an existing dataset is replaced (otherwise {@link
 *     org.remotestore.AlreadyExists})
 * @param compression the Parquet codec of the parts
 * @param rowsPerPart the rows of each part file (the last may have fewer)
 * @param runId the write's id, in the manifest and in the part names
 * @param metadata free key-value metadata for the manifest
 */
public record DatasetWriteOptions(
    boolean overwrite,
    CompressionCodecName compression,
    long rowsPerPart,
    String runId,
    Map<String, String> metadata) {

  /** Validates and copies the record. */
  public DatasetWriteOptions {
    Objects.requireNonNull(compression, "compression");
    Objects.requireNonNull(runId, "runId");
    if (rowsPerPart < 1) {
      throw new IllegalArgumentException("rowsPerPart < 1: " + rowsPerPart);
    }
    if (runId.isBlank() || !runId.matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException(
          "runId must be letters, digits, '.', '_' or '-': '" + runId + "'");
    }
    metadata = Map.copyOf(metadata);
  }

  /** No overwrite, SNAPPY, one million rows per part, a random run id, no metadata. */
  public static DatasetWriteOptions defaults() {
    return new DatasetWriteOptions(
        false, CompressionCodecName.SNAPPY, 1_000_000, UUID.randomUUID().toString(), Map.of());
  }

  /** These options with {@code overwrite}. */
  public DatasetWriteOptions withOverwrite(boolean value) {
    return new DatasetWriteOptions(value, compression, rowsPerPart, runId, metadata);
  }

  /** These options with {@code compression}. */
  public DatasetWriteOptions withCompression(CompressionCodecName value) {
    return new DatasetWriteOptions(overwrite, value, rowsPerPart, runId, metadata);
  }

  /** These options with {@code rowsPerPart}. */
  public DatasetWriteOptions withRowsPerPart(long value) {
    return new DatasetWriteOptions(overwrite, compression, value, runId, metadata);
  }

  /** These options with {@code runId}. */
  public DatasetWriteOptions withRunId(String value) {
    return new DatasetWriteOptions(overwrite, compression, rowsPerPart, value, metadata);
  }

  /** These options with {@code metadata}. */
  public DatasetWriteOptions withMetadata(Map<String, String> value) {
    return new DatasetWriteOptions(overwrite, compression, rowsPerPart, runId, value);
  }
}
