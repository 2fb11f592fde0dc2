/**
 * Parquet over any {@link org.remotestore.Store}: {@link org.remotestore.parquet.StoreInputFile}
 * and {@link org.remotestore.parquet.StoreOutputFile} (Parquet's own file abstractions, no Hadoop
 * {@code FileSystem}), and the {@link org.remotestore.parquet.ParquetDatasetStore}.
 */
package org.remotestore.parquet;
