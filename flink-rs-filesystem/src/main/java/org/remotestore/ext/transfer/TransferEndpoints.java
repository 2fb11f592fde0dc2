package org.remotestore.ext.transfer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.remotestore.AlreadyExists;
import org.remotestore.Capability;
import org.remotestore.CapabilityNotSupported;
import org.remotestore.NotFound;
import org.remotestore.Store;

/**
 * The two ends of a transfer: a {@link Source} to read (a store file or a local file) and a {@link
 * Target} that writes atomically through a {@link Sink} (a store's atomic output, or a local
 * temporary file renamed into place).
 */
final class TransferEndpoints {
  private TransferEndpoints() {}

  static long sizeOf(Store store, String path) throws IOException {
    if (!store.capabilities().supports(Capability.METADATA)) {
      return -1;
    }
    try {
      return store.getFileInfo(path).size();
    } catch (CapabilityNotSupported e) {
      return -1;
    }
  }

  static Source storeSource(Store store, String path, long size) {
    return new Source(path, size) {
      @Override
      InputStream open() throws IOException {
        return store.read(path);
      }
    };
  }

  static Source localSource(Path file, String name) throws IOException {
    long size = Files.size(file);
    return new Source(name, size) {
      @Override
      InputStream open() throws IOException {
        return Files.newInputStream(file);
      }
    };
  }

  static Target storeTarget(Store store, String path) {
    return new Target(path) {
      @Override
      boolean exists() throws IOException {
        return store.isFile(path);
      }

      @Override
      Sink open(boolean overwrite) throws IOException {
        Store.AtomicOutputStream out = store.openAtomic(path, overwrite);
        return new Sink() {
          @Override
          void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
          }

          @Override
          void commit() throws IOException {
            out.close();
          }

          @Override
          void abort() {
            out.abort();
          }
        };
      }
    };
  }

  static Target localTarget(Path file) {
    Path target = file.toAbsolutePath().normalize();
    return new Target(target.toString()) {
      @Override
      boolean exists() {
        return Files.exists(target, LinkOption.NOFOLLOW_LINKS);
      }

      @Override
      Sink open(boolean overwrite) throws IOException {
        if (!overwrite && exists()) {
          throw new AlreadyExists("Local file exists: " + target, null, target.toString());
        }
        Path dir = target.getParent();
        Files.createDirectories(dir);
        Path temp = dir.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        OutputStream out = Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW);
        return new Sink() {
          @Override
          void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
          }

          @Override
          void commit() throws IOException {
            out.close();
            if (!overwrite && exists()) {
              throw new AlreadyExists("Local file exists: " + target, null, target.toString());
            }
            try {
              Files.move(
                  temp,
                  target,
                  StandardCopyOption.ATOMIC_MOVE,
                  StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
              Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
          }

          @Override
          void abort() {
            try {
              out.close();
            } catch (IOException ignored) {
              // the temporary file is deleted next
            }
            try {
              Files.deleteIfExists(temp);
            } catch (IOException ignored) {
              // nothing more can be done; the name marks it as temporary
            }
          }
        };
      }
    };
  }

  static void requireRegularFile(Path file) throws NotFound {
    if (!Files.isRegularFile(file)) {
      throw new NotFound("No such local file: " + file, null, file.toString());
    }
  }

  static String relative(Path root, Path file) {
    List<String> parts = new ArrayList<>();
    for (Path part : root.relativize(file)) {
      parts.add(part.toString());
    }
    return String.join("/", parts);
  }

  abstract static class Source {
    private final String name;
    private final long size;

    Source(String name, long size) {
      this.name = name;
      this.size = size;
    }

    String name() {
      return name;
    }

    long size() {
      return size;
    }

    abstract InputStream open() throws IOException;
  }

  abstract static class Target {
    private final String name;

    Target(String name) {
      this.name = name;
    }

    String name() {
      return name;
    }

    abstract boolean exists() throws IOException;

    abstract Sink open(boolean overwrite) throws IOException;
  }

  abstract static class Sink {
    abstract void write(byte[] b, int off, int len) throws IOException;

    abstract void commit() throws IOException;

    abstract void abort();
  }
}
