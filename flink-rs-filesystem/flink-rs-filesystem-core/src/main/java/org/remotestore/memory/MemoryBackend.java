package org.remotestore.memory;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.remotestore.AlreadyExists;
import org.remotestore.Capabilities;
import org.remotestore.FileInfo;
import org.remotestore.NotFound;
import org.remotestore.Store;
import org.remotestore.spi.Backend;
import org.remotestore.spi.ResumableWrites;

/**
 * A backend that keeps files in memory, with object-store semantics: flat keys, folders implied by
 * the keys below them, an MD5 entity tag per file, atomic publish when an output stream closes, and
 * native copy and move.
 *
 * <p>Data lives in <em>named instances</em> held in a static map, so every backend object naming
 * the same instance within one JVM (for example every task of a Flink MiniCluster) sees the same
 * files. An instance lives until {@link #clear(String)}; closing a backend keeps its data.
 * Thread-safe.
 *
 * <p>Configuration: {@code rs.backends.<name>.type = memory}, optional {@code
 * rs.backends.<name>.instance} (default: the backend name).
 */
public final class MemoryBackend implements Backend {

  /** The backend type name. */
  public static final String TYPE = "memory";

  /** What the memory backend can do. */
  static final Capabilities CAPABILITIES = Capabilities.all();

  private static final ConcurrentHashMap<String, ConcurrentSkipListMap<String, Blob>> INSTANCES =
      new ConcurrentHashMap<>();

  private final String name;
  private final String instance;

  /**
   * Creates a backend over a named instance.
   *
   * @param name the backend name (from the configuration)
   * @param instance the shared instance holding the data
   */
  public MemoryBackend(String name, String instance) {
    this.name = Objects.requireNonNull(name, "name");
    this.instance = Objects.requireNonNull(instance, "instance");
    if (instance.isBlank()) {
      throw new IllegalArgumentException("instance name is blank");
    }
  }

  /** A backend named like the instance it uses. */
  public static MemoryBackend instance(String instance) {
    return new MemoryBackend(instance, instance);
  }

  /** Deletes all data of an instance. Backends that use it then see an empty instance. */
  public static void clear(String instance) {
    INSTANCES.remove(instance);
  }

  /** The names of the instances that currently hold data structures. */
  public static Set<String> instanceNames() {
    return new TreeSet<>(INSTANCES.keySet());
  }

  /** The instance this backend reads and writes. */
  public String instanceName() {
    return instance;
  }

  /** The files of this backend's instance: key to immutable content. */
  ConcurrentSkipListMap<String, Blob> files() {
    return INSTANCES.computeIfAbsent(instance, k -> new ConcurrentSkipListMap<>());
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Capabilities capabilities() {
    return CAPABILITIES;
  }

  @Override
  public boolean isObjectStore() {
    return true;
  }

  @Override
  public InputStream read(String key, long offset, long length) throws IOException {
    Blob blob = files().get(key);
    if (blob == null) {
      throw notFound(key);
    }
    return blob.open(offset, length);
  }

  @Override
  public FileInfo stat(String key) {
    Blob blob = files().get(key);
    return blob == null ? null : blob.info(key);
  }

  @Override
  public Level list(String folderKey) {
    String prefix = prefix(folderKey);
    NavigableMap<String, Blob> files = files();
    List<FileInfo> direct = new ArrayList<>();
    List<String> folders = new ArrayList<>();
    Map.Entry<String, Blob> e = files.ceilingEntry(prefix);
    while (e != null && e.getKey().startsWith(prefix)) {
      String rest = e.getKey().substring(prefix.length());
      int slash = rest.indexOf('/');
      if (slash < 0) {
        if (!rest.isEmpty()) {
          direct.add(e.getValue().info(e.getKey()));
        }
        e = files.higherEntry(e.getKey());
      } else {
        String folder = prefix + rest.substring(0, slash);
        folders.add(folder);
        // '0' follows '/': skip every key below this sub-folder in one step.
        e = files.ceilingEntry(folder + '0');
      }
    }
    return new Level(direct, folders);
  }

  @Override
  public List<FileInfo> listRecursive(String folderKey) {
    String prefix = prefix(folderKey);
    List<FileInfo> out = new ArrayList<>();
    for (Map.Entry<String, Blob> e : files().tailMap(prefix, true).entrySet()) {
      if (!e.getKey().startsWith(prefix)) {
        break;
      }
      out.add(e.getValue().info(e.getKey()));
    }
    return out;
  }

  @Override
  public boolean folderExists(String folderKey) {
    String prefix = prefix(folderKey);
    String first = files().ceilingKey(prefix);
    return first != null && first.startsWith(prefix) && !first.equals(prefix);
  }

  @Override
  public Store.AtomicOutputStream openOutput(String key, boolean overwrite) throws IOException {
    if (!overwrite && files().containsKey(key)) {
      throw alreadyExists(key);
    }
    return new Output(key, overwrite);
  }

  /**
   * Makes {@code blob} visible at {@code key} in one step.
   *
   * @throws AlreadyExists when {@code overwrite} is false and a file exists
   */
  void publish(String key, Blob blob, boolean overwrite) throws AlreadyExists {
    if (overwrite) {
      files().put(key, blob);
    } else if (files().putIfAbsent(key, blob) != null) {
      throw alreadyExists(key);
    }
  }

  @Override
  public boolean delete(String key) {
    return files().remove(key) != null;
  }

  @Override
  public void deleteFolder(String folderKey) {
    if (folderKey.isEmpty()) {
      files().clear();
      return;
    }
    String prefix = prefix(folderKey);
    files().tailMap(prefix, true).keySet().removeIf(k -> k.startsWith(prefix));
  }

  @Override
  public boolean copy(String sourceKey, String targetKey, boolean overwrite) throws IOException {
    Blob blob = files().get(sourceKey);
    if (blob == null) {
      throw notFound(sourceKey);
    }
    publish(targetKey, blob.touched(Instant.now()), overwrite);
    return true;
  }

  @Override
  public boolean move(String sourceKey, String targetKey, boolean overwrite) throws IOException {
    Blob blob = files().get(sourceKey);
    if (blob == null) {
      throw notFound(sourceKey);
    }
    if (sourceKey.equals(targetKey)) {
      return true;
    }
    publish(targetKey, blob, overwrite);
    files().remove(sourceKey, blob);
    return true;
  }

  @Override
  public void close() {
    // The data belongs to the shared instance and outlives this backend object.
  }

  @Override
  public String toString() {
    return "MemoryBackend{name=" + name + ", instance=" + instance + "}";
  }

  private static String prefix(String folderKey) {
    return folderKey.isEmpty() ? "" : folderKey + "/";
  }

  private NotFound notFound(String key) {
    return new NotFound("No such file: '" + key + "' in memory backend '" + name + "'", name, key);
  }

  private AlreadyExists alreadyExists(String key) {
    return new AlreadyExists(
        "File exists: '" + key + "' in memory backend '" + name + "' and overwrite is false",
        name,
        key);
  }

  /** Buffers the content and publishes it on close. */
  private final class Output extends Store.AtomicOutputStream {
    private final String key;
    private final boolean overwrite;
    private Blob.Writer writer = new Blob.Writer();

    Output(String key, boolean overwrite) {
      this.key = key;
      this.overwrite = overwrite;
    }

    private Blob.Writer open() throws IOException {
      Blob.Writer w = writer;
      if (w == null) {
        throw new IOException("Stream for '" + key + "' is closed or aborted");
      }
      return w;
    }

    @Override
    public synchronized void write(int b) throws IOException {
      open().write(b);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
      open().write(b, off, len);
    }

    @Override
    public synchronized void close() throws IOException {
      Blob.Writer w = writer;
      if (w == null) {
        return;
      }
      writer = null;
      publish(key, w.finish(Instant.now()), overwrite);
    }

    @Override
    public synchronized void abort() {
      writer = null;
    }
  }

  /** Resumable writes for Flink's RecoverableWriter: a hidden in-progress file, then a rename. */
  @Override
  public ResumableWrites resumableWrites() {
    return new MemoryResumableWrites(this);
  }
}
