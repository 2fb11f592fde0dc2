package org.remotestore.flink;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.FileSystemBehaviorTestSuite;
import org.apache.flink.core.fs.FileSystemKind;
import org.apache.flink.core.fs.Path;

/**
 * Flink's own {@link FileSystemBehaviorTestSuite} through {@code rs://}. A subclass gives the Flink
 * configuration of one store (memory, local, S3, Azure, ...) and the store's name.
 */
public abstract class AbstractRsFileSystemBehaviorTest extends FileSystemBehaviorTestSuite {

  /** The Flink configuration defining the store; the same instance on every call. */
  protected abstract Configuration rsConfiguration();

  /** The store under test. */
  protected abstract String storeName();

  @Override
  protected FileSystem getFileSystem() throws Exception {
    return RsTestStores.fileSystem(rsConfiguration(), storeName());
  }

  @Override
  protected Path getBasePath() {
    return new Path("rs://" + storeName() + "/behavior");
  }

  @Override
  protected FileSystemKind getFileSystemKind() {
    try {
      return RsTestStores.unwrap(getFileSystem()).getKind();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
