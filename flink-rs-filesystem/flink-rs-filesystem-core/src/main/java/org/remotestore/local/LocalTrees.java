package org.remotestore.local;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

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
}
