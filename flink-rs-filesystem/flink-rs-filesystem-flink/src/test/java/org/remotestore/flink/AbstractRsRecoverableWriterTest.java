package org.remotestore.flink;

import java.lang.reflect.Field;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.AbstractRecoverableWriterTest;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.junit.jupiter.api.BeforeAll;

/**
 * Flink's own {@link AbstractRecoverableWriterTest} through {@code rs://}. A subclass gives the
 * Flink configuration of one store and the store's name.
 */
public abstract class AbstractRsRecoverableWriterTest extends AbstractRecoverableWriterTest {

  /**
   * Flink's suite caches its file system in a static field, shared by every subclass in the JVM;
   * reset it so that each subclass tests its own store.
   */
  @BeforeAll
  static void forgetFileSystemOfPreviousSuite() throws Exception {
    Field cached = AbstractRecoverableWriterTest.class.getDeclaredField("fileSystem");
    cached.setAccessible(true);
    cached.set(null, null);
  }

  /** The Flink configuration defining the store; the same instance on every call. */
  protected abstract Configuration rsConfiguration();

  /** The store under test. */
  protected abstract String storeName();

  @Override
  public Path getBasePath() {
    return new Path("rs://" + storeName() + "/recoverable");
  }

  @Override
  public FileSystem initializeFileSystem() throws Exception {
    return RsTestStores.fileSystem(rsConfiguration(), storeName());
  }
}
