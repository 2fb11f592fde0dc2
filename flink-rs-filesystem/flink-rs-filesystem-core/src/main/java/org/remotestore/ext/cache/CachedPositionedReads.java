package org.remotestore.ext.cache;

import java.io.IOException;
import java.io.InputStream;
import org.remotestore.InvalidPath;
import org.remotestore.ext.cache.EntryCache.Kind;
import org.remotestore.spi.PositionedFile;
import org.remotestore.spi.PositionedReadSupport;

/**
 * A store's positioned reads behind a {@link CachingStore}: a range of a file whose content the
 * cache holds is served from it, as {@link CachingStore#readRange} serves it; other ranges go to
 * the wrapped store's file (which a store's facet opens only at its first range).
 */
final class CachedPositionedReads implements PositionedReadSupport {

  /** The cache key of a store path. */
  @FunctionalInterface
  interface Keys {
    String key(String path) throws InvalidPath;
  }

  private final PositionedReadSupport native_;
  private final EntryCache cache;
  private final Keys keys;

  CachedPositionedReads(PositionedReadSupport native_, EntryCache cache, Keys keys) {
    this.native_ = native_;
    this.cache = cache;
    this.keys = keys;
  }

  @Override
  public PositionedFile openPositioned(String path) throws IOException {
    String key = keys.key(path);
    PositionedFile file = native_.openPositioned(path);
    return new PositionedFile() {
      @Override
      public InputStream range(long offset, long length) throws IOException {
        Object cached = offset < 0 ? null : cache.get(key, Kind.CONTENT);
        return cached == null
            ? file.range(offset, length)
            : CachingStore.cachedRange((byte[]) cached, offset, length);
      }

      @Override
      public void close() throws IOException {
        file.close();
      }
    };
  }
}
