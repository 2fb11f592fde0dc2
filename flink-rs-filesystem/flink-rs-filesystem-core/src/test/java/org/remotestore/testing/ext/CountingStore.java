package org.remotestore.testing.ext;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.remotestore.ConditionalRead;
import org.remotestore.FileInfo;
import org.remotestore.Store;
import org.remotestore.ext.ForwardingStore;

/** A decorator that counts content reads and listings, for tests that must prove none happened. */
public final class CountingStore extends ForwardingStore {
  /** Calls that transfer file content. */
  public final AtomicInteger reads;

  /** Listing calls. */
  public final AtomicInteger listings;

  /** The paths listed, in call order. */
  public final List<String> listed = new CopyOnWriteArrayList<>();

  /** Counts the calls made on {@code delegate}. */
  public CountingStore(Store delegate) {
    this(delegate, new AtomicInteger(), new AtomicInteger());
  }

  private CountingStore(Store delegate, AtomicInteger reads, AtomicInteger listings) {
    super(delegate);
    this.reads = reads;
    this.listings = listings;
  }

  @Override
  protected Store wrapChild(Store childOfDelegate) {
    return new CountingStore(childOfDelegate, reads, listings);
  }

  @Override
  public InputStream read(String path) throws IOException {
    reads.incrementAndGet();
    return super.read(path);
  }

  @Override
  public byte[] readBytes(String path) throws IOException {
    reads.incrementAndGet();
    return super.readBytes(path);
  }

  @Override
  public InputStream readRange(String path, long offset, long length) throws IOException {
    reads.incrementAndGet();
    return super.readRange(path, offset, length);
  }

  @Override
  public ConditionalRead readIfChanged(String path, String etag, Instant since) throws IOException {
    reads.incrementAndGet();
    return super.readIfChanged(path, etag, since);
  }

  @Override
  public List<FileInfo> listFiles(String path, boolean recursive, int maxDepth) throws IOException {
    listings.incrementAndGet();
    listed.add(path);
    return super.listFiles(path, recursive, maxDepth);
  }

  @Override
  public List<String> listFolders(String path, int maxDepth) throws IOException {
    listings.incrementAndGet();
    listed.add(path);
    return super.listFolders(path, maxDepth);
  }
}
