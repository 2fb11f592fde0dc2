package org.remotestore.ext.transfer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.remotestore.AlreadyExists;
import org.remotestore.FileInfo;
import org.remotestore.InvalidPath;
import org.remotestore.NotFound;
import org.remotestore.Store;
import org.remotestore.ext.progress.ProgressOutputStream;
import org.remotestore.ext.transfer.TransferEndpoints.Sink;
import org.remotestore.ext.transfer.TransferEndpoints.Source;
import org.remotestore.ext.transfer.TransferEndpoints.Target;

/**
 * Streams files between two stores (of any backends) and between a store and the local file system,
 * one file or whole folders, reporting progress to a {@link TransferListener}.
 *
 * <p>Each file is copied through one buffer of {@link #bufferSize()} bytes, so memory use does not
 * depend on file size. Targets are written atomically ({@link Store#openAtomic} on a store, a
 * temporary file renamed into place on the local file system): a file that fails half-way leaves
 * nothing behind and an existing target untouched. Folder transfers continue past failing files and
 * report them in the {@link TransferResult}; single-file transfers throw.
 *
 * <p>Instances are immutable and thread-safe; each call uses its own buffer.
 *
 * <pre>{@code
 * Transfer transfer = Transfer.builder()
 *     .existing(ExistingPolicy.SKIP_EXISTING)
 *     .listener(p -> log.info("{} {}/{}", p.source(), p.overallBytes(), p.overallTotal()))
 *     .build();
 * transfer.copyFolder(s3Lake, "bronze/2026", archive, "bronze/2026").throwIfFailed();
 * transfer.downloadFile(s3Lake, "gold/report.csv", Path.of("/tmp/report.csv"));
 * }</pre>
 */
public final class Transfer {

  /** Default buffer size: 256 KiB. */
  public static final int DEFAULT_BUFFER_SIZE = 256 * 1024;

  private static final int MIN_BUFFER_SIZE = 1024;
  private static final int MAX_BUFFER_SIZE = 64 * 1024 * 1024;

  private final int bufferSize;
  private final ExistingPolicy existing;
  private final TransferListener listener;

  private Transfer(Builder b) {
    this.bufferSize = b.bufferSize;
    this.existing = b.existing;
    this.listener = b.listener;
  }

  /** A builder with the defaults: 256 KiB buffer, {@link ExistingPolicy#FAIL}, no listener. */
  public static Builder builder() {
    return new Builder();
  }

  /** A transfer with the defaults. */
  public static Transfer defaults() {
    return builder().build();
  }

  /** The size of the one buffer each file goes through. */
  public int bufferSize() {
    return bufferSize;
  }

  /** What happens to existing targets. */
  public ExistingPolicy existing() {
    return existing;
  }

  // ------------------------------------------------------------------ public operations

  /** Copies one file from {@code source} to {@code target}; throws if it fails. */
  public TransferResult copyFile(Store source, String sourcePath, Store target, String targetPath)
      throws IOException {
    Item item =
        new Item(
            TransferEndpoints.storeSource(
                source, sourcePath, TransferEndpoints.sizeOf(source, sourcePath)),
            TransferEndpoints.storeTarget(target, targetPath));
    return single("copyFile", item);
  }

  /**
   * Copies every file below {@code sourceFolder} (at any depth) to the same relative paths below
   * {@code targetFolder}.
   *
   * @throws IOException when the source folder cannot be listed (file failures are in the result)
   */
  public TransferResult copyFolder(
      Store source, String sourceFolder, Store target, String targetFolder) throws IOException {
    Store from = source.child(sourceFolder);
    Store to = target.child(targetFolder);
    List<Item> items = new ArrayList<>();
    for (FileInfo file : from.listFiles("", true, 0)) {
      items.add(
          new Item(
              TransferEndpoints.storeSource(from, file.path(), file.size()),
              TransferEndpoints.storeTarget(to, file.path())));
    }
    return run("copyFolder", items);
  }

  /** Uploads one local file to {@code target}; throws if it fails. */
  public TransferResult uploadFile(Path localFile, Store target, String targetPath)
      throws IOException {
    TransferEndpoints.requireRegularFile(localFile);
    return single(
        "uploadFile",
        new Item(
            TransferEndpoints.localSource(localFile, localFile.toString()),
            TransferEndpoints.storeTarget(target, targetPath)));
  }

  /**
   * Uploads every regular file below a local directory (symbolic links are not followed) to the
   * same relative paths below {@code targetFolder}.
   */
  public TransferResult uploadFolder(Path localDirectory, Store target, String targetFolder)
      throws IOException {
    if (!Files.isDirectory(localDirectory)) {
      throw new NotFound(
          "No such local directory: " + localDirectory, null, localDirectory.toString());
    }
    Store to = target.child(targetFolder);
    List<Item> items = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(localDirectory)) {
      for (Path file :
          walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList()) {
        String relative = TransferEndpoints.relative(localDirectory, file);
        items.add(
            new Item(
                TransferEndpoints.localSource(file, relative),
                TransferEndpoints.storeTarget(to, relative)));
      }
    }
    return run("uploadFolder", items);
  }

  /** Downloads one file to a local path (parent directories are created); throws if it fails. */
  public TransferResult downloadFile(Store source, String sourcePath, Path localFile)
      throws IOException {
    return single(
        "downloadFile",
        new Item(
            TransferEndpoints.storeSource(
                source, sourcePath, TransferEndpoints.sizeOf(source, sourcePath)),
            TransferEndpoints.localTarget(localFile)));
  }

  /**
   * Downloads every file below {@code sourceFolder} to the same relative paths below a local
   * directory.
   */
  public TransferResult downloadFolder(Store source, String sourceFolder, Path localDirectory)
      throws IOException {
    Store from = source.child(sourceFolder);
    Path root = localDirectory.toAbsolutePath().normalize();
    List<Item> items = new ArrayList<>();
    for (FileInfo file : from.listFiles("", true, 0)) {
      Path local =
          root.resolve(file.path().replace('/', root.getFileSystem().getSeparator().charAt(0)))
              .normalize();
      if (!local.startsWith(root) || local.equals(root)) {
        throw new InvalidPath(
            "Store path '" + file.path() + "' would land outside " + root,
            from.backendName(),
            file.path());
      }
      items.add(
          new Item(
              TransferEndpoints.storeSource(from, file.path(), file.size()),
              TransferEndpoints.localTarget(local)));
    }
    return run("downloadFolder", items);
  }

  // ------------------------------------------------------------------ the copy loop

  private TransferResult single(String operation, Item item) throws IOException {
    TransferResult result = run(operation, List.of(item));
    Exception failure = result.failures().get(item.source.name());
    if (failure instanceof IOException io) {
      throw io;
    }
    if (failure instanceof RuntimeException runtime) {
      throw runtime;
    }
    return result;
  }

  private TransferResult run(String operation, List<Item> planned) throws IOException {
    List<String> skipped = new ArrayList<>();
    Map<String, Exception> failures = new LinkedHashMap<>();
    List<Item> items = new ArrayList<>();
    for (Item item : planned) {
      if (existing == ExistingPolicy.SKIP_EXISTING) {
        try {
          if (item.target.exists()) {
            skipped.add(item.source.name());
            continue;
          }
        } catch (IOException | RuntimeException e) {
          failures.put(item.source.name(), e);
          continue;
        }
      }
      items.add(item);
    }
    long overallTotal = 0;
    for (Item item : items) {
      overallTotal =
          item.source.size() < 0 || overallTotal < 0 ? -1 : overallTotal + item.source.size();
    }
    Progress progress = new Progress(overallTotal, items.size());
    List<String> transferred = new ArrayList<>();
    byte[] buffer = new byte[bufferSize];
    long committedBytes = 0;
    for (Item item : items) {
      try {
        committedBytes += copy(item, buffer, progress);
        transferred.add(item.source.name());
      } catch (AlreadyExists e) {
        if (existing == ExistingPolicy.SKIP_EXISTING) {
          skipped.add(item.source.name()); // created by someone else since the check
        } else {
          failures.put(item.source.name(), e);
        }
      } catch (IOException | RuntimeException e) {
        failures.put(item.source.name(), e);
      }
    }
    return new TransferResult(operation, transferred, skipped, failures, committedBytes);
  }

  /** Copies one file and returns its size; progress comes from a {@link ProgressOutputStream}. */
  private long copy(Item item, byte[] buffer, Progress progress) throws IOException {
    long fileTotal = item.source.size();
    Sink sink = item.target.open(existing == ExistingPolicy.OVERWRITE);
    long[] reported = {0};
    ProgressOutputStream out =
        new ProgressOutputStream(
            sinkStream(sink),
            fileTotal,
            (fileBytes, total) -> {
              progress.overallBytes += fileBytes - reported[0];
              reported[0] = fileBytes;
              listener.onProgress(progress.report(item, fileBytes, fileTotal, false));
            });
    try (InputStream in = item.source.open()) {
      int n;
      while ((n = in.read(buffer, 0, buffer.length)) >= 0) {
        out.write(buffer, 0, n);
      }
      sink.commit();
    } catch (IOException | RuntimeException | Error e) {
      sink.abort();
      throw e;
    }
    progress.filesCompleted++;
    listener.onProgress(progress.report(item, out.bytes(), fileTotal, true));
    return out.bytes();
  }

  private static OutputStream sinkStream(Sink sink) {
    return new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        sink.write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        sink.write(b, off, len);
      }
    };
  }

  private record Item(Source source, Target target) {}

  private static final class Progress {
    final long overallTotal;
    final int filesTotal;
    long overallBytes;
    int filesCompleted;

    Progress(long overallTotal, int filesTotal) {
      this.overallTotal = overallTotal;
      this.filesTotal = filesTotal;
    }

    TransferProgress report(Item item, long fileBytes, long fileTotal, boolean completed) {
      return new TransferProgress(
          item.source.name(),
          item.target.name(),
          fileBytes,
          fileTotal,
          overallBytes,
          overallTotal,
          filesCompleted,
          filesTotal,
          completed);
    }
  }

  /** Builds a {@link Transfer}. */
  public static final class Builder {
    private int bufferSize = DEFAULT_BUFFER_SIZE;
    private ExistingPolicy existing = ExistingPolicy.FAIL;
    private TransferListener listener = TransferListener.NONE;

    private Builder() {}

    /** The size of the copy buffer, between 1 KiB and 64 MiB. */
    public Builder bufferSize(int bytes) {
      if (bytes < MIN_BUFFER_SIZE || bytes > MAX_BUFFER_SIZE) {
        throw new IllegalArgumentException(
            "transfer bufferSize must be between "
                + MIN_BUFFER_SIZE
                + " and "
                + MAX_BUFFER_SIZE
                + ", was "
                + bytes);
      }
      this.bufferSize = bytes;
      return this;
    }

    /** What to do when a target file exists. */
    public Builder existing(ExistingPolicy policy) {
      this.existing = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** Where progress goes. */
    public Builder listener(TransferListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** The transfer. */
    public Transfer build() {
      return new Transfer(this);
    }
  }
}
