package org.remotestore.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.remotestore.Capabilities;
import org.remotestore.ConditionalRead;
import org.remotestore.FileInfo;
import org.remotestore.NotFound;
import org.remotestore.RemoteStoreException;
import org.remotestore.Store;
import org.remotestore.spi.Backend;
import org.remotestore.spi.BatchDeleteSupport;
import org.remotestore.spi.Leftover;
import org.remotestore.spi.LeftoverSupport;
import org.remotestore.spi.ResumableWrites;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The {@code s3} backend: one bucket of Amazon S3 or an S3-compatible server, through the AWS SDK
 * for Java v2 with Apache HttpClient 5 (the SDK's {@code apache5-client}).
 *
 * <p>Reads stream (ranged GETs), writes stream (multipart above the threshold, with a bounded
 * number of part buffers in flight), listings use the delimiter for one level and a flat scan for
 * recursion, folder deletes use DeleteObjects batches of up to 1000 keys, copies are server-side
 * (multipart copy above 5 GiB). Retries with backoff on throttling and 5xx are the SDK's standard
 * retry strategy with {@code retries} attempts. Every SDK failure is translated by {@link
 * S3Errors}.
 */
public final class S3Backend implements Backend, BatchDeleteSupport, LeftoverSupport {
  private static final Logger LOG = LoggerFactory.getLogger(S3Backend.class);

  /** DeleteObjects accepts at most this many keys per request. */
  static final int DELETE_BATCH = 1000;

  /** CopyObject handles sources up to this size; above, multipart copy is used. */
  static final long MAX_SINGLE_COPY = 5L << 30;

  private static final Capabilities CAPABILITIES = Capabilities.all();

  private final String name;
  private final S3Settings settings;
  private final S3Client client;
  private final ExecutorService uploadPool;
  private final S3ResumableWrites resumableWrites;
  private final S3Uploads uploads;
  private final S3BatchDelete batchDelete;
  private final S3Copy copier;

  /** Creates the backend and its HTTP connection pool. */
  public S3Backend(String name, S3Settings settings) {
    this.name = name;
    this.settings = settings;
    this.client = S3Clients.build(settings);
    this.uploads = new S3Uploads(name, settings, client);
    this.batchDelete = new S3BatchDelete(name, settings, client);
    this.copier = new S3Copy(this, uploads, client);
    AtomicInteger threads = new AtomicInteger();
    ThreadFactory factory =
        r -> {
          Thread t = new Thread(r, "rs-s3-" + name + "-upload-" + threads.incrementAndGet());
          t.setDaemon(true);
          return t;
        };
    // Each stream bounds its own parts in flight; the pool just runs them.
    this.uploadPool =
        new ThreadPoolExecutor(
            0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), factory);
    this.resumableWrites = new S3ResumableWrites(this);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String type() {
    return S3BackendFactory.TYPE;
  }

  @Override
  public Capabilities capabilities() {
    return CAPABILITIES;
  }

  @Override
  public boolean isObjectStore() {
    return true;
  }

  /** The bucket. */
  public String bucket() {
    return settings.bucket();
  }

  /** The settings (secrets masked in their {@code toString()}). */
  public S3Settings settings() {
    return settings;
  }

  /** The SDK client, for the resumable writes and for tests; callers must not close it. */
  S3Client client() {
    return client;
  }

  private RemoteStoreException fail(RuntimeException e, String operation, String key) {
    return S3Errors.map(e, name, settings.bucket(), operation, key);
  }

  // ------------------------------------------------------------------ reading

  @Override
  public InputStream read(String key, long offset, long length) throws IOException {
    if (offset < 0) {
      throw new IllegalArgumentException("offset < 0: " + offset);
    }
    if (length == 0) {
      requireFile(key);
      return InputStream.nullInputStream();
    }
    GetObjectRequest.Builder request = GetObjectRequest.builder().bucket(bucket()).key(key);
    if (offset > 0 || length > 0) {
      String end = length > 0 ? Long.toString(offset + length - 1) : "";
      request.range("bytes=" + offset + "-" + end);
    }
    try {
      ResponseInputStream<GetObjectResponse> body = client.getObject(request.build());
      return new S3ObjectInputStream(body, name, bucket(), key, offset == 0 && length < 0);
    } catch (SdkException | UncheckedIOException e) {
      if (S3Errors.hasStatus(e, 416)) {
        // The range starts at or beyond the end of the object: nothing to read.
        requireFile(key);
        return InputStream.nullInputStream();
      }
      throw fail(e, "read", key);
    }
  }

  private void requireFile(String key) throws IOException {
    if (stat(key) == null) {
      throw new NotFound(
          "No such file: s3://" + bucket() + "/" + key + " (backend '" + name + "')", name, key);
    }
  }

  @Override
  public FileInfo stat(String key) throws IOException {
    if (key.isEmpty()) {
      return null;
    }
    try {
      HeadObjectResponse head = client.headObject(b -> b.bucket(bucket()).key(key));
      return new FileInfo(
          key,
          head.contentLength() == null ? 0 : head.contentLength(),
          head.lastModified(),
          unquote(head.eTag()),
          S3Digests.checksumOf(head));
    } catch (SdkException | UncheckedIOException e) {
      if (S3Errors.hasStatus(e, 404)) {
        return null;
      }
      throw fail(e, "stat", key);
    }
  }

  @Override
  public ConditionalRead readIfChanged(String key, String ifNoneMatchEtag, Instant ifModifiedSince)
      throws IOException {
    GetObjectRequest.Builder request = GetObjectRequest.builder().bucket(bucket()).key(key);
    if (ifNoneMatchEtag != null) {
      request.ifNoneMatch(quote(ifNoneMatchEtag));
    } else if (ifModifiedSince != null) {
      request.ifModifiedSince(ifModifiedSince);
    }
    try {
      ResponseInputStream<GetObjectResponse> body = client.getObject(request.build());
      GetObjectResponse response = body.response();
      FileInfo info =
          new FileInfo(
              key,
              response.contentLength() == null ? 0 : response.contentLength(),
              response.lastModified(),
              unquote(response.eTag()),
              null);
      return ConditionalRead.modified(
          info, new S3ObjectInputStream(body, name, bucket(), key, true));
    } catch (SdkException | UncheckedIOException e) {
      if (S3Errors.hasStatus(e, 304)) {
        // No body was sent; a HEAD (no body either) gives the current metadata.
        return ConditionalRead.notModified(stat(key));
      }
      throw fail(e, "conditional read", key);
    }
  }

  // ------------------------------------------------------------------ listing

  private static String folderPrefix(String folderKey) {
    return folderKey.isEmpty() ? "" : folderKey + "/";
  }

  /** Whether {@code key} is one of this backend's hidden temporary objects. */
  boolean isHidden(String key) {
    return key.startsWith(settings.tmpPrefix());
  }

  @Override
  public Level list(String folderKey) throws IOException {
    String prefix = folderPrefix(folderKey);
    List<FileInfo> files = new ArrayList<>();
    List<String> folders = new ArrayList<>();
    ListObjectsV2Request.Builder request =
        ListObjectsV2Request.builder().bucket(bucket()).prefix(prefix).delimiter("/");
    try {
      String token = null;
      do {
        ListObjectsV2Response page = client.listObjectsV2(request.continuationToken(token).build());
        for (S3Object object : page.contents()) {
          if (!object.key().equals(prefix) && !object.key().endsWith("/")) {
            files.add(toInfo(object));
          }
        }
        for (CommonPrefix common : page.commonPrefixes()) {
          String folder = common.prefix().substring(0, common.prefix().length() - 1);
          if (!folder.isEmpty() && !isHidden(common.prefix())) {
            folders.add(folder);
          }
        }
        token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
      } while (token != null);
    } catch (SdkException | UncheckedIOException e) {
      throw fail(e, "list", folderKey);
    }
    return new Level(files, folders);
  }

  @Override
  public List<FileInfo> listRecursive(String folderKey) throws IOException {
    List<FileInfo> files = new ArrayList<>();
    for (S3Object object : scan(folderPrefix(folderKey), "list")) {
      if (!object.key().endsWith("/") && !isHidden(object.key())) {
        files.add(toInfo(object));
      }
    }
    return files;
  }

  /** Every object whose key starts with {@code prefix}, hidden ones included. */
  List<S3Object> scan(String prefix, String operation) throws IOException {
    List<S3Object> out = new ArrayList<>();
    ListObjectsV2Request.Builder request =
        ListObjectsV2Request.builder().bucket(bucket()).prefix(prefix);
    try {
      String token = null;
      do {
        ListObjectsV2Response page = client.listObjectsV2(request.continuationToken(token).build());
        out.addAll(page.contents());
        token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
      } while (token != null);
    } catch (SdkException | UncheckedIOException e) {
      throw fail(e, operation, prefix);
    }
    return out;
  }

  @Override
  public boolean folderExists(String folderKey) throws IOException {
    String prefix = folderPrefix(folderKey);
    try {
      ListObjectsV2Response page =
          client.listObjectsV2(b -> b.bucket(bucket()).prefix(prefix).delimiter("/").maxKeys(2));
      if (!page.commonPrefixes().stream().allMatch(c -> isHidden(c.prefix()))) {
        return true;
      }
      return page.contents().stream().anyMatch(o -> !o.key().equals(prefix))
          || Boolean.TRUE.equals(page.isTruncated());
    } catch (SdkException | UncheckedIOException e) {
      throw fail(e, "list", folderKey);
    }
  }

  /**
   * One listing of {@code prefix=key, delimiter=/} answers both questions: the key itself sorts
   * first among the keys it prefixes, and its folder is the common prefix {@code key/}. Only when
   * other keys sort between them (names such as {@code key-1}) does a second listing decide.
   */
  @Override
  public KeyStatus keyStatus(String key) throws IOException {
    if (key.isEmpty()) {
      return new KeyStatus(null, true);
    }
    FileInfo file = null;
    try {
      ListObjectsV2Response page =
          client.listObjectsV2(b -> b.bucket(bucket()).prefix(key).delimiter("/").maxKeys(2));
      for (S3Object object : page.contents()) {
        if (object.key().equals(key)) {
          file = toInfo(object);
        }
      }
      String folder = key + "/";
      if (page.commonPrefixes().stream().anyMatch(c -> c.prefix().equals(folder))) {
        return new KeyStatus(file, !isHidden(folder));
      }
      if (!Boolean.TRUE.equals(page.isTruncated())) {
        return new KeyStatus(file, false);
      }
    } catch (SdkException | UncheckedIOException e) {
      throw fail(e, "stat", key);
    }
    return new KeyStatus(file, folderExists(key));
  }

  private static FileInfo toInfo(S3Object object) {
    return new FileInfo(
        object.key(),
        object.size() == null ? 0 : object.size(),
        object.lastModified(),
        unquote(object.eTag()),
        null);
  }

  // ------------------------------------------------------------------ writing

  @Override
  public Store.AtomicOutputStream openOutput(String key, boolean overwrite) throws IOException {
    S3OutputStream out = new S3OutputStream(this, key, overwrite, settings, uploadPool);
    out.checkTargetAbsent();
    return out;
  }

  /** The object writes (puts and multipart uploads) of this backend. */
  S3Uploads uploads() {
    return uploads;
  }

  // ------------------------------------------------------------------ deleting

  @Override
  public boolean delete(String key) throws IOException {
    if (stat(key) == null) {
      return false;
    }
    try {
      client.deleteObject(b -> b.bucket(bucket()).key(key));
      return true;
    } catch (SdkException | UncheckedIOException e) {
      throw fail(e, "delete", key);
    }
  }

  @Override
  public void deleteFolder(String folderKey) throws IOException {
    List<String> keys = new ArrayList<>();
    for (S3Object object : scan(folderPrefix(folderKey), "delete folder")) {
      if (!isHidden(object.key())) {
        keys.add(object.key());
      }
    }
    deleteKeys(keys);
  }

  /**
   * Deletes the given keys with DeleteObjects batches of up to 1000 keys. Missing keys are not an
   * error.
   *
   * @return how many keys were deleted (or were already absent)
   */
  public int deleteKeys(Collection<String> keys) throws IOException {
    return deleteKeys(keys, DELETE_BATCH);
  }

  /** {@link #deleteKeys(Collection)} with a smaller batch size (tests exercise the batching). */
  int deleteKeys(Collection<String> keys, int batchSize) throws IOException {
    return batchDelete.deleteKeys(keys, batchSize);
  }

  @Override
  public int maxBatchSize() {
    return DELETE_BATCH;
  }

  /** One DeleteObjects request (quiet mode: only failures are answered). */
  @Override
  public Map<String, RemoteStoreException> deleteAll(List<String> keys) throws IOException {
    return batchDelete.deleteAll(keys);
  }

  // ------------------------------------------------------------------ copying

  @Override
  public boolean copy(String sourceKey, String targetKey, boolean overwrite) throws IOException {
    return copier.copy(sourceKey, targetKey, overwrite);
  }

  // ------------------------------------------------------------------ maintenance

  /** The multipart uploads in progress whose keys start with {@code keyPrefix}. */
  public List<MultipartUploadInfo> listMultipartUploads(String keyPrefix) throws IOException {
    return uploads.listMultipartUploads(keyPrefix);
  }

  /**
   * Aborts multipart uploads below {@code keyPrefix} started before {@code initiatedBefore}, and
   * deletes resumable-write temporary objects older than that. Meant for a periodic sweep of
   * uploads orphaned by jobs that failed after a checkpoint was taken but before it completed (an
   * S3 lifecycle rule "abort incomplete multipart uploads" does the same server-side).
   *
   * @return how many uploads were aborted
   */
  public int abortIncompleteUploads(String keyPrefix, Instant initiatedBefore) throws IOException {
    int aborted = 0;
    for (MultipartUploadInfo upload : listMultipartUploads(keyPrefix)) {
      if (upload.initiated() == null || upload.initiated().isBefore(initiatedBefore)) {
        uploads.abortMultipartUpload(upload.key(), upload.uploadId());
        aborted++;
      }
    }
    List<String> staleTmp = new ArrayList<>();
    for (S3Object object : scan(settings.tmpPrefix(), "sweep temporary objects")) {
      if (object.lastModified() == null || object.lastModified().isBefore(initiatedBefore)) {
        staleTmp.add(object.key());
      }
    }
    deleteKeys(staleTmp);
    return aborted;
  }

  /**
   * Lists the multipart uploads at or below {@code folderKey} that were never completed nor
   * aborted, and the temporary tail objects of resumable writes to keys there.
   */
  @Override
  public List<Leftover> listLeftovers(String folderKey) throws IOException {
    return new S3Leftovers(this).listLeftovers(folderKey);
  }

  /** Aborts such an upload or deletes such a tail object; refuses anything else. */
  @Override
  public boolean removeLeftover(Leftover leftover) throws IOException {
    return new S3Leftovers(this).removeLeftover(leftover);
  }

  /**
   * One multipart upload in progress.
   *
   * @param key the target key
   * @param uploadId the upload id
   * @param initiated when it was started, or {@code null}
   */
  public record MultipartUploadInfo(String key, String uploadId, Instant initiated) {}

  // ------------------------------------------------------------------ resumable writes

  @Override
  public ResumableWrites resumableWrites() {
    return resumableWrites;
  }

  @Override
  public void close() {
    uploadPool.shutdown();
    client.close();
  }

  static String unquote(String etag) {
    if (etag == null) {
      return null;
    }
    String e = etag.trim();
    if (e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"")) {
      return e.substring(1, e.length() - 1);
    }
    return e;
  }

  static String quote(String etag) {
    return etag.startsWith("\"") || etag.startsWith("W/") ? etag : "\"" + etag + "\"";
  }

  @Override
  public String toString() {
    return "S3Backend{name=" + name + ", " + settings + "}";
  }
}
