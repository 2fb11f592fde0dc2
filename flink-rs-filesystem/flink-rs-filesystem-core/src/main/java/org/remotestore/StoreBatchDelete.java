package org.remotestore;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.remotestore.spi.BatchDeleteSupport;

/**
 * A backend's native batch delete seen through one store: paths are relative to the store, checked
 * like every other path (so a child store can never delete outside its folder) and mapped to
 * backend keys; failures come back under the paths they were given as.
 */
final class StoreBatchDelete implements BatchDeleteSupport {
  private final String backendName;
  private final String storeName;
  private final String root;
  private final BatchDeleteSupport backend;

  StoreBatchDelete(String backendName, String storeName, String root, BatchDeleteSupport backend) {
    this.backendName = backendName;
    this.storeName = storeName;
    this.root = root;
    this.backend = backend;
  }

  @Override
  public int maxBatchSize() {
    return backend.maxBatchSize();
  }

  /**
   * Deletes the files at {@code paths} (relative to the store).
   *
   * @throws InvalidPath naming the first path that is invalid, escapes the store or names its root,
   *     before anything is deleted
   */
  @Override
  public Map<String, RemoteStoreException> deleteAll(List<String> paths) throws IOException {
    Map<String, String> pathByKey = new LinkedHashMap<>();
    for (String path : paths) {
      String p = StorePaths.filePath(path, backendName, storeName);
      pathByKey.putIfAbsent(StorePaths.join(root, p), path);
    }
    Map<String, RemoteStoreException> failedByKey =
        backend.deleteAll(new ArrayList<>(pathByKey.keySet()));
    Map<String, RemoteStoreException> failed = new LinkedHashMap<>();
    failedByKey.forEach((key, e) -> failed.put(pathByKey.getOrDefault(key, key), e));
    return failed;
  }
}
