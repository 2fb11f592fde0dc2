package org.remotestore.local;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessMode;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.spi.FileSystemProvider;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The default file system behind a provider that counts every call reaching the disk, by kind:
 * {@code realpath} ({@link Path#toRealPath}), {@code stat} (attributes), {@code access} ({@code
 * Files.exists}), {@code open}, {@code list} (directory streams), {@code mkdir}, {@code link},
 * {@code move}, {@code delete}. Paths of this file system wrap default paths ({@link #wrap}).
 */
final class CountingFileSystem extends FileSystem {

  private final FileSystem fs = FileSystems.getDefault();
  private final Provider provider = new Provider();
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

  /** A path of this file system for a default path. */
  Path wrap(Path path) {
    return path == null ? null : new CountingPath(path);
  }

  /** The calls of one kind since the last {@link #reset()}. */
  int calls(String kind) {
    AtomicInteger n = calls.get(kind);
    return n == null ? 0 : n.get();
  }

  /** All calls since the last {@link #reset()}, by kind. */
  Map<String, Integer> all() {
    Map<String, Integer> all = new TreeMap<>();
    calls.forEach((k, v) -> all.put(k, v.get()));
    all.values().removeIf(v -> v == 0);
    return all;
  }

  void reset() {
    calls.clear();
  }

  private void count(String kind) {
    calls.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
  }

  private static Path unwrap(Path path) {
    return path instanceof CountingPath c ? c.delegate : path;
  }

  @Override
  public FileSystemProvider provider() {
    return provider;
  }

  @Override
  public void close() {
    throw new UnsupportedOperationException();
  }

  @Override
  public boolean isOpen() {
    return true;
  }

  @Override
  public boolean isReadOnly() {
    return false;
  }

  @Override
  public String getSeparator() {
    return fs.getSeparator();
  }

  @Override
  public Iterable<Path> getRootDirectories() {
    return () -> wrapAll(fs.getRootDirectories().iterator());
  }

  private Iterator<Path> wrapAll(Iterator<Path> it) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public Path next() {
        return wrap(it.next());
      }
    };
  }

  @Override
  public Iterable<FileStore> getFileStores() {
    return fs.getFileStores();
  }

  @Override
  public Set<String> supportedFileAttributeViews() {
    return fs.supportedFileAttributeViews();
  }

  @Override
  public Path getPath(String first, String... more) {
    return wrap(fs.getPath(first, more));
  }

  @Override
  public PathMatcher getPathMatcher(String syntaxAndPattern) {
    PathMatcher m = fs.getPathMatcher(syntaxAndPattern);
    return p -> m.matches(unwrap(p));
  }

  @Override
  public UserPrincipalLookupService getUserPrincipalLookupService() {
    return fs.getUserPrincipalLookupService();
  }

  @Override
  public WatchService newWatchService() {
    throw new UnsupportedOperationException();
  }

  private final class CountingPath implements Path {
    private final Path delegate;

    CountingPath(Path delegate) {
      this.delegate = delegate;
    }

    @Override
    public FileSystem getFileSystem() {
      return CountingFileSystem.this;
    }

    @Override
    public boolean isAbsolute() {
      return delegate.isAbsolute();
    }

    @Override
    public Path getRoot() {
      return wrap(delegate.getRoot());
    }

    @Override
    public Path getFileName() {
      return wrap(delegate.getFileName());
    }

    @Override
    public Path getParent() {
      return wrap(delegate.getParent());
    }

    @Override
    public int getNameCount() {
      return delegate.getNameCount();
    }

    @Override
    public Path getName(int index) {
      return wrap(delegate.getName(index));
    }

    @Override
    public Path subpath(int beginIndex, int endIndex) {
      return wrap(delegate.subpath(beginIndex, endIndex));
    }

    @Override
    public boolean startsWith(Path other) {
      return delegate.startsWith(unwrap(other));
    }

    @Override
    public boolean endsWith(Path other) {
      return delegate.endsWith(unwrap(other));
    }

    @Override
    public Path normalize() {
      return wrap(delegate.normalize());
    }

    @Override
    public Path resolve(Path other) {
      return wrap(delegate.resolve(unwrap(other)));
    }

    @Override
    public Path relativize(Path other) {
      return wrap(delegate.relativize(unwrap(other)));
    }

    @Override
    public URI toUri() {
      return delegate.toUri();
    }

    @Override
    public Path toAbsolutePath() {
      return wrap(delegate.toAbsolutePath());
    }

    @Override
    public Path toRealPath(LinkOption... options) throws IOException {
      count("realpath");
      return wrap(delegate.toRealPath(options));
    }

    @Override
    public WatchKey register(
        WatchService watcher, WatchEvent.Kind<?>[] events, WatchEvent.Modifier... modifiers) {
      throw new UnsupportedOperationException();
    }

    @Override
    public int compareTo(Path other) {
      return delegate.compareTo(unwrap(other));
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof CountingPath c && delegate.equals(c.delegate);
    }

    @Override
    public int hashCode() {
      return delegate.hashCode();
    }

    @Override
    public String toString() {
      return delegate.toString();
    }
  }

  private final class Provider extends FileSystemProvider {
    private final FileSystemProvider disk = fs.provider();

    @Override
    public String getScheme() {
      return "counting";
    }

    @Override
    public FileSystem newFileSystem(URI uri, Map<String, ?> env) {
      throw new UnsupportedOperationException();
    }

    @Override
    public FileSystem getFileSystem(URI uri) {
      return CountingFileSystem.this;
    }

    @Override
    public Path getPath(URI uri) {
      return wrap(disk.getPath(uri));
    }

    @Override
    public SeekableByteChannel newByteChannel(
        Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
        throws IOException {
      count("open");
      return disk.newByteChannel(unwrap(path), options, attrs);
    }

    @Override
    public FileChannel newFileChannel(
        Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
        throws IOException {
      count("open");
      return disk.newFileChannel(unwrap(path), options, attrs);
    }

    @Override
    public DirectoryStream<Path> newDirectoryStream(
        Path dir, DirectoryStream.Filter<? super Path> filter) throws IOException {
      count("list");
      DirectoryStream<Path> entries =
          disk.newDirectoryStream(unwrap(dir), p -> filter.accept(wrap(p)));
      return new DirectoryStream<>() {
        @Override
        public Iterator<Path> iterator() {
          return wrapAll(entries.iterator());
        }

        @Override
        public void close() throws IOException {
          entries.close();
        }
      };
    }

    @Override
    public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
      count("mkdir");
      disk.createDirectory(unwrap(dir), attrs);
    }

    @Override
    public void createLink(Path link, Path existing) throws IOException {
      count("link");
      disk.createLink(unwrap(link), unwrap(existing));
    }

    @Override
    public void createSymbolicLink(Path link, Path target, FileAttribute<?>... attrs)
        throws IOException {
      count("link");
      disk.createSymbolicLink(unwrap(link), unwrap(target), attrs);
    }

    @Override
    public Path readSymbolicLink(Path link) throws IOException {
      count("readlink");
      return wrap(disk.readSymbolicLink(unwrap(link)));
    }

    @Override
    public void delete(Path path) throws IOException {
      count("delete");
      disk.delete(unwrap(path));
    }

    @Override
    public boolean deleteIfExists(Path path) throws IOException {
      count("delete");
      return disk.deleteIfExists(unwrap(path));
    }

    @Override
    public void copy(Path source, Path target, CopyOption... options) throws IOException {
      count("copy");
      disk.copy(unwrap(source), unwrap(target), options);
    }

    @Override
    public void move(Path source, Path target, CopyOption... options) throws IOException {
      count("move");
      disk.move(unwrap(source), unwrap(target), options);
    }

    @Override
    public boolean isSameFile(Path path, Path path2) throws IOException {
      count("stat");
      return disk.isSameFile(unwrap(path), unwrap(path2));
    }

    @Override
    public boolean isHidden(Path path) throws IOException {
      return disk.isHidden(unwrap(path));
    }

    @Override
    public FileStore getFileStore(Path path) throws IOException {
      return disk.getFileStore(unwrap(path));
    }

    @Override
    public void checkAccess(Path path, AccessMode... modes) throws IOException {
      count("access");
      disk.checkAccess(unwrap(path), modes);
    }

    @Override
    public <V extends FileAttributeView> V getFileAttributeView(
        Path path, Class<V> type, LinkOption... options) {
      return disk.getFileAttributeView(unwrap(path), type, options);
    }

    @Override
    public <A extends BasicFileAttributes> A readAttributes(
        Path path, Class<A> type, LinkOption... options) throws IOException {
      count("stat");
      return disk.readAttributes(unwrap(path), type, options);
    }

    @Override
    public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options)
        throws IOException {
      count("stat");
      return disk.readAttributes(unwrap(path), attributes, options);
    }

    @Override
    public void setAttribute(Path path, String attribute, Object value, LinkOption... options)
        throws IOException {
      disk.setAttribute(unwrap(path), attribute, value, options);
    }
  }
}
