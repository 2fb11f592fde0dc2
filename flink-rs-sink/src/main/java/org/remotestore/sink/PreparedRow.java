package org.remotestore.sink;

/**
 * An element that is already a row of the writer's type: what {@link ParquetFileCompactor} reads
 * back from part files. {@link MappingBulkWriterFactory}'s writers write it without mapping.
 *
 * @param row the row, of the wrapped writer's type
 */
record PreparedRow(Object row) {}
