package org.remotestore.s3;

import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.remotestore.InvalidPath;
import org.remotestore.spi.Leftover;
import org.remotestore.spi.LeftoverSupport;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * What crashed writers leave in an S3 bucket: multipart uploads that were started and never
 * completed nor aborted (id: the upload id), and the temporary objects that hold the persisted
 * tails of resumable writes below the backend's {@code tmp-prefix} (id: the object's key).
 *
 * <p>A tail object carries its write's target key and upload id as user metadata ({@value
 * #TARGET_META}, {@value #UPLOAD_META}), so that it is listed under the target's folder and a store
 * sees only the tails of its own writes. A tail without that metadata (written by an older version)
 * is listed under its own key, that is only when the whole tmp prefix is swept.
 */
final class S3Leftovers implements LeftoverSupport {
  /** User metadata of a tail object: its write's target key, URL-encoded. */
  static final String TARGET_META = "rs-target";

  /** User metadata of a tail object: its write's multipart upload id, URL-encoded. */
  static final String UPLOAD_META = "rs-upload-id";

  private final S3Backend backend;

  S3Leftovers(S3Backend backend) {
    this.backend = backend;
  }

  /** The user metadata a tail object of the write of {@code key} carries. */
  static Map<String, String> tailMetadata(String key, String uploadId) {
    return Map.of(
        TARGET_META,
        URLEncoder.encode(key, StandardCharsets.UTF_8),
        UPLOAD_META,
        URLEncoder.encode(uploadId, StandardCharsets.UTF_8));
  }

  @Override
  public List<Leftover> listLeftovers(String folderKey) throws IOException {
    List<Leftover> out = new ArrayList<>();
    for (S3Backend.MultipartUploadInfo upload : backend.listMultipartUploads(folderKey)) {
      if (below(folderKey, upload.key())) {
        long bytes;
        try {
          bytes = backend.uploads().uploadedBytes(upload.key(), upload.uploadId());
        } catch (IOException e) {
          bytes = -1; // the size is for information only
        }
        out.add(
            new Leftover(
                upload.key(), KIND_MULTIPART_UPLOAD, upload.uploadId(), upload.initiated(), bytes));
      }
    }
    String tmpPrefix = backend.settings().tmpPrefix();
    for (S3Object object : backend.scan(tmpPrefix, "list temporary objects")) {
      Map<String, String> meta = backend.uploads().metadata(object.key());
      if (meta == null) {
        continue; // deleted meanwhile (committed)
      }
      String target = meta.get(TARGET_META);
      String key =
          target == null ? object.key() : URLDecoder.decode(target, StandardCharsets.UTF_8);
      if (below(folderKey, key)) {
        out.add(
            new Leftover(
                key,
                KIND_TEMPORARY_OBJECT,
                object.key(),
                object.lastModified(),
                object.size() == null ? -1 : object.size()));
      }
    }
    return out;
  }

  @Override
  public boolean removeLeftover(Leftover leftover) throws IOException {
    switch (leftover.kind()) {
      case KIND_MULTIPART_UPLOAD -> {
        boolean open =
            backend.listMultipartUploads(leftover.key()).stream()
                .anyMatch(
                    u -> u.key().equals(leftover.key()) && u.uploadId().equals(leftover.id()));
        if (open) {
          backend.uploads().abortMultipartUpload(leftover.key(), leftover.id());
        }
        return open;
      }
      case KIND_TEMPORARY_OBJECT -> {
        String id = leftover.id();
        if (!id.startsWith(backend.settings().tmpPrefix()) || !id.contains("/tail-")) {
          throw refuse(leftover, "not a temporary tail object below the tmp prefix");
        }
        return backend.delete(id);
      }
      default -> throw refuse(leftover, "an unknown kind of leftover for s3");
    }
  }

  private InvalidPath refuse(Leftover leftover, String why) {
    return new InvalidPath(
        "Refusing to remove "
            + leftover.kind()
            + " '"
            + leftover.id()
            + "' of '"
            + leftover.key()
            + "' on backend '"
            + backend.name()
            + "': "
            + why,
        backend.name(),
        leftover.key());
  }

  private static boolean below(String folderKey, String key) {
    return folderKey.isEmpty()
        || key.equals(folderKey)
        || (key.startsWith(folderKey) && key.charAt(folderKey.length()) == '/');
  }
}
