package org.remotestore;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.remotestore.spi.Leftover;
import org.remotestore.spi.LeftoverSupport;

/**
 * A backend's {@link LeftoverSupport} seen through one store: folders are relative to the store and
 * checked like every other path (so a child store never lists or removes outside its folder), keys
 * come back as store paths, and a leftover handed back for removal is mapped to its backend key
 * again.
 */
final class StoreLeftovers implements LeftoverSupport {
  private final String backendName;
  private final String storeName;
  private final String root;
  private final LeftoverSupport backend;

  StoreLeftovers(String backendName, String storeName, String root, LeftoverSupport backend) {
    this.backendName = backendName;
    this.storeName = storeName;
    this.root = root;
    this.backend = backend;
  }

  /**
   * Lists the leftovers at or below {@code folder} (relative to the store, {@code ""} for all).
   *
   * @throws InvalidPath when {@code folder} is invalid or escapes the store
   */
  @Override
  public List<Leftover> listLeftovers(String folder) throws IOException {
    String p = StorePaths.normalize(folder, backendName);
    String folderKey = StorePaths.join(root, p);
    List<Leftover> found =
        BackendCalls.call("listLeftovers", backendName, p, () -> backend.listLeftovers(folderKey));
    List<Leftover> out = new ArrayList<>(found.size());
    for (Leftover leftover : found) {
      if (below(folderKey, leftover.key())) {
        out.add(leftover.withKey(StorePaths.relativize(root, leftover.key())));
      }
    }
    return out;
  }

  /**
   * Removes a leftover listed by this store.
   *
   * @throws InvalidPath when its key is not a file path of this store
   */
  @Override
  public boolean removeLeftover(Leftover leftover) throws IOException {
    String p = StorePaths.filePath(leftover.key(), backendName, storeName);
    Leftover inBackend = leftover.withKey(StorePaths.join(root, p));
    return BackendCalls.call(
        "removeLeftover", backendName, p, () -> backend.removeLeftover(inBackend));
  }

  private static boolean below(String folderKey, String key) {
    return folderKey.isEmpty()
        || key.equals(folderKey)
        || (key.startsWith(folderKey) && key.charAt(folderKey.length()) == '/');
  }
}
