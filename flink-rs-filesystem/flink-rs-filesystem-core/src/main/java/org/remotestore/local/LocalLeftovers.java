package org.remotestore.local;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.remotestore.InvalidPath;
import org.remotestore.spi.Leftover;
import org.remotestore.spi.LeftoverSupport;

/**
 * What crashed writers leave on the local file system: the hidden in-progress files of resumable
 * writes ({@code .<name>.inprogress.<id>}, see {@link
 * org.remotestore.spi.StagedFileState#stagingKeyFor}) and the temporary files of atomic writes
 * ({@value LocalBackend#TEMP_PREFIX}...). The id of each is its backend key, as the staged-file
 * state records it. Symbolic links are not followed.
 */
final class LocalLeftovers implements LeftoverSupport {
  /** {@code .<name>.inprogress.<id>}, the naming of {@code StagedFileState.stagingKeyFor}. */
  private static final Pattern STAGING = Pattern.compile("\\..+\\.inprogress\\.[^/]+");

  private final LocalBackend backend;

  LocalLeftovers(LocalBackend backend) {
    this.backend = backend;
  }

  /** The leftover kind of a file name, or {@code null} when the name is not one of ours. */
  static String kindOf(String fileName) {
    if (LocalBackend.isTemporary(fileName)) {
      return KIND_TEMPORARY_FILE;
    }
    return STAGING.matcher(fileName).matches() ? KIND_STAGING_FILE : null;
  }

  @Override
  public List<Leftover> listLeftovers(String folderKey) throws IOException {
    Path start = backend.resolve(folderKey);
    Path root = backend.root();
    List<Leftover> out = new ArrayList<>();
    if (!Files.isDirectory(start)) {
      return out;
    }
    try {
      Files.walkFileTree(
          start,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
              String kind = kindOf(file.getFileName().toString());
              if (kind != null && attrs.isRegularFile()) {
                String key = root.relativize(file).toString().replace('\\', '/');
                out.add(
                    new Leftover(
                        key, kind, key, attrs.lastModifiedTime().toInstant(), attrs.size()));
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
              if (e instanceof NoSuchFileException) {
                return FileVisitResult.CONTINUE; // removed meanwhile
              }
              throw e;
            }
          });
    } catch (IOException e) {
      throw backend.map(e, folderKey);
    }
    return out;
  }

  @Override
  public boolean removeLeftover(Leftover leftover) throws IOException {
    String key = leftover.key();
    String kind = kindOf(key.substring(key.lastIndexOf('/') + 1));
    if (kind == null || !kind.equals(leftover.kind()) || !key.equals(leftover.id())) {
      throw new InvalidPath(
          "Refusing to remove '"
              + key
              + "' on backend '"
              + backend.name()
              + "': not a "
              + leftover.kind()
              + " of a local writer",
          backend.name(),
          key);
    }
    Path file = backend.resolve(key);
    if (Files.isDirectory(file)) {
      throw new InvalidPath(
          "Refusing to remove '" + key + "' on backend '" + backend.name() + "': a folder",
          backend.name(),
          key);
    }
    try {
      return Files.deleteIfExists(file);
    } catch (IOException e) {
      throw backend.map(e, key);
    }
  }
}
