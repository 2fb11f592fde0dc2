package org.remotestore.azure;

import com.azure.core.util.Context;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobListDetails;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.Block;
import com.azure.storage.blob.models.BlockBlobItem;
import com.azure.storage.blob.models.BlockListType;
import com.azure.storage.blob.models.DeleteSnapshotsOptionType;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.options.BlockBlobCommitBlockListOptions;
import com.azure.storage.blob.specialized.BlockBlobClient;
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
    List<BlobItem> all = new ArrayList<>();
    try {
      for (BlobItem item :
          backend.container().listBlobs(new ListBlobsOptions().setPrefix(folderKey), null)) {
        committed.add(item.getName());
      }
      ListBlobsOptions withUncommitted =
          new ListBlobsOptions()
              .setPrefix(folderKey)
              .setDetails(new BlobListDetails().setRetrieveUncommittedBlobs(true));
      for (BlobItem item : backend.container().listBlobs(withUncommitted, null)) {
        all.add(item);
      }
    } catch (RuntimeException e) {
      if (AzureErrors.isStatus(e, 404)) {
        return List.of();
      }
      throw backend.errors().translate("list uncommitted blobs", folderKey, e);
    }
    List<Leftover> out = new ArrayList<>();
    for (BlobItem item : all) {
      String name = item.getName();
      if (committed.contains(name) || !below(folderKey, name)) {
        continue;
      }
      long bytes = 0;
      try {
        for (Block block :
            backend
                .blockBlob(name)
                .listBlocksWithResponse(BlockListType.UNCOMMITTED, null, null, Context.NONE)
                .getValue()
                .getUncommittedBlocks()) {
          bytes += block.getSizeLong();
        }
      } catch (RuntimeException e) {
        bytes = -1; // the size is for information only
      }
      Instant started =
          item.getProperties() == null
              ? null
              : firstNonNull(
                  AzureBlobBackend.instant(item.getProperties().getLastModified()),
                  AzureBlobBackend.instant(item.getProperties().getCreationTime()));
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
    BlockBlobClient blob = backend.blockBlob(key);
    BlockBlobItem empty;
    try {
      empty =
          blob.commitBlockListWithResponse(
                  new BlockBlobCommitBlockListOptions(List.of())
                      .setRequestConditions(new BlobRequestConditions().setIfNoneMatch("*")),
                  null,
                  Context.NONE)
              .getValue();
    } catch (RuntimeException e) {
      if (AzureErrors.isStatus(e, 409) || AzureErrors.isStatus(e, 412)) {
        return false; // a blob was committed meanwhile: not a leftover any more
      }
      throw backend.errors().translate("discard uncommitted blocks", key, e);
    }
    try {
      blob.deleteWithResponse(
          DeleteSnapshotsOptionType.INCLUDE,
          new BlobRequestConditions().setIfMatch(empty.getETag()),
          null,
          Context.NONE);
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
