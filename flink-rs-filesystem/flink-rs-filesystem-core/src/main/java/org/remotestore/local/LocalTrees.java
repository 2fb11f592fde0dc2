package org.remotestore.local;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import org.remotestore.FileInfo;
import org.remotestore.spi.Backend;

/** Whole-tree operations of the local backend. */
final class LocalTrees {

  private LocalTrees() {}

  /**
   * Deletes {@code dir} and everything below it, never following a symbolic link (a link is removed
   * itself); {@code root} itself is emptied but kept. Entries removed meanwhile are fine.
   */
  static void deleteBelow(Path dir, Path root) throws IOException {
    Files.walkFileTree(
        dir,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.deleteIfExists(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
            if (e instanceof NoSuchFileException) {
              return FileVisitResult.CONTINUE;
            }
            throw e;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
            if (e != null) {
              throw e;
            }
            if (!d.equals(root)) {
              Files.deleteIfExists(d);
            }
            return FileVisitResult.CONTINUE;
          }
        });
  }

  /**
   * One level of the folder {@code dir} (key {@code folderKey}): one directory stream, one lstat
   * per entry; temporary names hidden, links leading outside {@code root} skipped, other links
   * followed.
   */
  static Backend.Level level(Path dir, String folderKey, Path root) throws IOException {
    List<FileInfo> files = new ArrayList<>();
    List<String> folders = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        String child = entry.getFileName().toString();
        if (LocalBackend.isTemporary(child)) {
          continue;
        }
        BasicFileAttributes attrs;
        try {
          attrs = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
          if (attrs.isSymbolicLink()) {
            if (!entry.toRealPath().startsWith(root)) {
              continue; // a link leading outside the root is not part of this backend
            }
            attrs = Files.readAttributes(entry, BasicFileAttributes.class);
          }
        } catch (NoSuchFileException e) {
          continue; // removed meanwhile, or a dangling link
        }
        String key = folderKey.isEmpty() ? child : folderKey + "/" + child;
        if (attrs.isDirectory()) {
          folders.add(key);
        } else if (attrs.isRegularFile()) {
          files.add(
              new FileInfo(key, attrs.size(), attrs.lastModifiedTime().toInstant(), null, null));
        }
      }
    } catch (NoSuchFileException | NotDirectoryException e) {
      return new Backend.Level(List.of(), List.of());
    }
    return new Backend.Level(files, folders);
  }
}
