package org.remotestore.flink;

import java.io.IOException;
import java.net.URI;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.FileSystemFactory;
import org.remotestore.ConfigException;

/**
 * The factory of the {@code rs://} file system, found by Flink through {@link
 * java.util.ServiceLoader} (in a plugin folder or on the class path). The URI authority names the
 * store: {@code rs://lake/silver/part-0.parquet} is {@code silver/part-0.parquet} in store {@code
 * lake}, configured by the {@code rs.} keys of Flink's configuration (see {@link RsFileSystems}).
 */
public final class RsFileSystemFactory implements FileSystemFactory {
  private volatile RsRuntime runtime;
  private volatile ConfigException configError;

  @Override
  public String getScheme() {
    return RsPaths.SCHEME;
  }

  @Override
  public void configure(Configuration config) {
    try {
      runtime = RsFileSystems.configure(config);
      configError = null;
    } catch (ConfigException e) {
      // Reported on the first rs:// path, so that a bad rs config does not stop Flink itself.
      runtime = null;
      configError = e;
    }
  }

  @Override
  public FileSystem create(URI fsUri) throws IOException {
    String store = fsUri.getAuthority();
    if (store == null || store.isEmpty()) {
      throw new IOException(
          "An rs:// URI must name a store as its authority, as in rs://<store>/<path>: " + fsUri);
    }
    if (configError != null) {
      throw new IOException(
          "Invalid rs:// configuration: " + configError.getMessage(), configError);
    }
    RsRuntime r = runtime;
    try {
      if (r == null) {
        r = RsFileSystems.current();
        runtime = r;
      }
    } catch (ConfigException e) {
      throw new IOException("Invalid rs:// configuration: " + e.getMessage(), e);
    }
    if (r.keys().isEmpty()) {
      // Nothing configured yet: a local run applies its keys when the job is submitted.
      return new RsDeferredFileSystem(store);
    }
    return r.fileSystem(store);
  }
}
