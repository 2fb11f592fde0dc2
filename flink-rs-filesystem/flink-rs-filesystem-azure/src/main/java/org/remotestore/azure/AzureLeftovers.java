package org.remotestore.azure;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.remotestore.InvalidPath;
import org.remotestore.spi.Leftover;
import org.remotestore.spi.LeftoverSupport;

/**
 * What crashed writers leave in an Azure container: blobs that hold only uncommitted blocks, staged
 * by a resumable write that was never committed (id: the blob name, as the upload state records
 * it). Removing one commits an empty block list on condition that no blob exists (which discards
 * the uncommitted blocks and cannot overwrite a blob committed meanwhile), then deletes that empty
 * blob on condition that it is still the one just created.
 *
 * <p>Uncommitted blocks staged on a blob that already exists (a resumable write overwriting a
 * published file) are not listed: finding them takes one request per blob, and Azure discards them
 * anyway after seven days or at the blob's next commit.
 */
final class AzureLeftovers implements LeftoverSupport {
  private final AzureBlobBackend backend;

  AzureLeftovers(AzureBlobBackend backend) {
    this.backend = backend;
  }

  @Override
  public List<Leftover> listLeftovers(String folderKey) throws IOException {
    Set<String> committed = new HashSet<>();
    List<BlobXml.Item> all = new ArrayList<>();
    try {
      for (boolean uncommitted : new boolean[] {false, true}) {
        String marker = null;
        do {
          BlobXml.Page page = backend.rest().list(folderKey, null, marker, 0, uncommitted);
          for (BlobXml.Item item : page.blobs()) {
            if (uncommitted) {
              all.add(item);
            } else {
              committed.add(item.name());
            }
          }
          marker = page.nextMarker();
        } while (marker != null);
      }
    } catch (RuntimeException e) {
      if (AzureErrors.isStatus(e, 404)) {
        return List.of();
      }
      throw backend.errors().translate("list uncommitted blobs", folderKey, e);
    }
    List<Leftover> out = new ArrayList<>();
    for (BlobXml.Item item : all) {
      String name = item.name();
      if (committed.contains(name) || !below(folderKey, name)) {
        continue;
      }
      long bytes = 0;
      try {
        for (BlobXml.Block block : backend.rest().blockList(name, "uncommitted").uncommitted()) {
          bytes += block.size();
        }
      } catch (RuntimeException e) {
        bytes = -1; // the size is for information only
      }
      Instant started = firstNonNull(item.lastModified(), item.created());
      out.add(new Leftover(name, KIND_UNCOMMITTED_BLOCKS, name, started, bytes));
    }
    return out;
  }

  @Override
  public boolean removeLeftover(Leftover leftover) throws IOException {
    if (!KIND_UNCOMMITTED_BLOCKS.equals(leftover.kind()) || !leftover.key().equals(leftover.id())) {
      throw new InvalidPath(
          "Refusing to remove "
              + leftover.kind()
              + " '"
              + leftover.id()
              + "' on backend '"
              + backend.name()
              + "': not a blob holding only uncommitted blocks",
          backend.name(),
          leftover.key());
    }
    String key = leftover.key();
    BlobRestClient blob = backend.rest();
    String emptyEtag;
    try {
      emptyEtag = blob.putBlockList(key, List.of(), "*");
    } catch (RuntimeException e) {
      if (AzureErrors.isStatus(e, 409) || AzureErrors.isStatus(e, 412)) {
        return false; // a blob was committed meanwhile: not a leftover any more
      }
      throw backend.errors().translate("discard uncommitted blocks", key, e);
    }
    try {
      blob.delete(key, emptyEtag);
    } catch (RuntimeException e) {
      if (!AzureErrors.isStatus(e, 404) && !AzureErrors.isStatus(e, 412)) {
        throw backend.errors().translate("delete the emptied blob", key, e);
      }
    }
    return true;
  }

  private static Instant firstNonNull(Instant a, Instant b) {
    return a != null ? a : b;
  }

  private static boolean below(String folderKey, String key) {
    return folderKey.isEmpty()
        || key.equals(folderKey)
        || (key.startsWith(folderKey) && key.charAt(folderKey.length()) == '/');
  }
}
