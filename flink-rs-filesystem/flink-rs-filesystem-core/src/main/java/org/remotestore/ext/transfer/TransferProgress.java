package org.remotestore.ext.transfer;

/**
 * Where a transfer stands, reported after every buffer written and once more when a file is
 * complete.
 *
 * @param source the file being transferred (relative to the source folder, or a local path)
 * @param target where it goes
 * @param fileBytes bytes of this file written so far
 * @param fileTotal size of this file, or {@code -1} when unknown
 * @param overallBytes bytes written so far by the whole transfer (including files that then failed)
 * @param overallTotal bytes the whole transfer will write, or {@code -1} when unknown
 * @param filesCompleted files finished so far (successfully), including this one when {@code
 *     fileCompleted}
 * @param filesTotal files the transfer will copy (skipped files excluded)
 * @param fileCompleted whether this report marks the end of the file
 */
public record TransferProgress(
    String source,
    String target,
    long fileBytes,
    long fileTotal,
    long overallBytes,
    long overallTotal,
    int filesCompleted,
    int filesTotal,
    boolean fileCompleted) {}
