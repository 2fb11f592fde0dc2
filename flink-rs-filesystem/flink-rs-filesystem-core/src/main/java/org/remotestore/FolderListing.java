package org.remotestore;

import java.util.List;

/**
 * One level of a folder, as read in one pass by {@link Store#listFolder(String)}: the files
 * directly in it and its direct sub-folders, both sorted, paths relative to the store.
 *
 * @param files the files directly in the folder
 * @param folders the direct sub-folders, without trailing slashes
 */
public record FolderListing(List<FileInfo> files, List<String> folders) {
  /** Copies the lists. */
  public FolderListing {
    files = List.copyOf(files);
    folders = List.copyOf(folders);
  }

  /** Whether the level holds neither files nor folders. */
  public boolean isEmpty() {
    return files.isEmpty() && folders.isEmpty();
  }
}
