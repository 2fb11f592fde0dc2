package org.remotestore.s3;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.remotestore.BackendUnavailable;
import org.remotestore.PermissionDenied;
import org.remotestore.RemoteStoreException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Error;

/** Batch deletes of an {@code s3} backend: DeleteObjects requests of at most 1000 keys. */
final class S3BatchDelete {
  private final String name;
  private final S3Settings settings;
  private final S3Client client;

  S3BatchDelete(String name, S3Settings settings, S3Client client) {
    this.name = name;
    this.settings = settings;
    this.client = client;
  }

  private String bucket() {
    return settings.bucket();
  }

  /**
   * Deletes the given keys in DeleteObjects batches of {@code batchSize}; missing keys are not an
   * error, the first failed key fails the call.
   *
   * @return how many keys were deleted (or were already absent)
   */
  int deleteKeys(Collection<String> keys, int batchSize) throws IOException {
    List<String> all = new ArrayList<>(keys);
    int done = 0;
    for (int from = 0; from < all.size(); from += batchSize) {
      List<String> batch = all.subList(from, Math.min(all.size(), from + batchSize));
      Map<String, RemoteStoreException> failed = deleteAll(batch);
      if (!failed.isEmpty()) {
        Map.Entry<String, RemoteStoreException> first = failed.entrySet().iterator().next();
        throw new RemoteStoreException(
            "S3 delete batch failed for "
                + failed.size()
                + " of "
                + batch.size()
                + " keys in s3://"
                + bucket()
                + " (backend '"
                + name
                + "'), first: "
                + first.getValue().getMessage(),
            name,
            first.getKey(),
            first.getValue());
      }
      done += batch.size();
    }
    return done;
  }

  /** One DeleteObjects request (quiet mode: only failures are answered). */
  Map<String, RemoteStoreException> deleteAll(List<String> keys) throws IOException {
    if (keys.size() > S3Backend.DELETE_BATCH) {
      throw new IllegalArgumentException(
          "At most " + S3Backend.DELETE_BATCH + " keys per batch, got " + keys.size());
    }
    Map<String, RemoteStoreException> failed = new LinkedHashMap<>();
    if (keys.isEmpty()) {
      return failed;
    }
    List<ObjectIdentifier> batch = new ArrayList<>();
    for (String key : keys) {
      batch.add(ObjectIdentifier.builder().key(key).build());
    }
    DeleteObjectsResponse response;
    try {
      response =
          client.deleteObjects(
              b -> b.bucket(bucket()).delete(Delete.builder().objects(batch).quiet(true).build()));
    } catch (SdkException | UncheckedIOException e) {
      throw S3Errors.map(e, name, bucket(), "delete batch", keys.get(0));
    }
    for (S3Error error : response.errors()) {
      String message =
          "S3 delete failed for s3://"
              + bucket()
              + "/"
              + error.key()
              + " (backend '"
              + name
              + "'): "
              + error.code()
              + " "
              + error.message();
      RemoteStoreException reason =
          "AccessDenied".equals(error.code())
              ? new PermissionDenied(message, name, error.key())
              : "SlowDown".equals(error.code()) || "InternalError".equals(error.code())
                  ? new BackendUnavailable(message, name, error.key())
                  : new RemoteStoreException(message, name, error.key());
      failed.put(error.key(), reason);
    }
    return failed;
  }
}
