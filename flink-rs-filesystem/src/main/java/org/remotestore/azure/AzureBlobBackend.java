package org.remotestore.azure;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.HttpLogDetailLevel;
import com.azure.core.http.policy.HttpLogOptions;
import com.azure.core.util.Context;
import com.azure.core.util.polling.LongRunningOperationStatus;
import com.azure.core.util.polling.PollResponse;
import com.azure.core.util.polling.SyncPoller;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobBeginCopySourceRequestConditions;
import com.azure.storage.blob.models.BlobCopyInfo;
import com.azure.storage.blob.models.BlobDownloadHeaders;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobItemProperties;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.CopyStatusType;
import com.azure.storage.blob.models.DeleteSnapshotsOptionType;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.options.BlobBeginCopyOptions;
import com.azure.storage.blob.specialized.BlockBlobClient;
import com.azure.storage.common.StorageSharedKeyCredential;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.remotestore.Capabilities;
import org.remotestore.Capability;
import org.remotestore.ConditionalRead;
import org.remotestore.FileInfo;
import org.remotestore.NotFound;
import org.remotestore.RemoteStoreException;
import org.remotestore.Store;
import org.remotestore.spi.Backend;
import org.remotestore.spi.ResumableWrites;

/**
 * The {@code azure} backend: one container of an Azure Blob Storage account (or Azurite), through
 * the Azure Storage Blob SDK on the JDK HTTP client.
 *
 * <ul>
 *   <li>Writes stream as staged blocks and publish atomically by committing the block list; see
 *       {@link BlockBlobOutputStream}.
 *   <li>Reads are ranged GETs of one blob version (pinned by ETag), one chunk in memory at a time.
 *   <li>{@link #list} uses the {@code /} delimiter (one level per call), {@link #listRecursive} a
 *       flat prefix scan.
 *   <li>Copy is server-side (Copy Blob, polled until done).
 *   <li>Conditional reads send {@code If-None-Match} / {@code If-Modified-Since}; "not modified" is
 *       a 304 without a body.
 *   <li>Resumable writes for Flink's RecoverableWriter: {@link AzureResumableWrites}.
 * </ul>
 *
 * <p>SDK exceptions never escape and secrets (account key, SAS token, connection string) never
 * appear in messages, logs or {@link #toString()}: see {@link AzureErrors}.
 */
public final class AzureBlobBackend implements Backend {
  private static final Pattern SAS_IN_CONNECTION_STRING =
      Pattern.compile("(?i)(?:^|;)\\s*SharedAccessSignature=([^;]+)");
  private static final Pattern CONTENT_RANGE_TOTAL = Pattern.compile("/(\\d+)\\s*$");

  private final AzureBlobSettings settings;
  private final AzureErrors errors;
  private final BlobContainerClient container;
  private final ExecutorService stagingExecutor;
  private final String sasForCopySource;
  private final AzureResumableWrites resumableWrites;
  private volatile boolean containerReady;

  AzureBlobBackend(AzureBlobSettings settings) {
    this.settings = settings;
    List<String> secrets = new ArrayList<>();
    secrets.add(settings.accountKey);
    secrets.add(settings.sasToken);
    secrets.add(settings.connectionString);
    String csSas = null;
    if (settings.connectionString != null) {
      Matcher m = SAS_IN_CONNECTION_STRING.matcher(settings.connectionString);
      if (m.find()) {
        csSas = m.group(1).trim();
        secrets.add(csSas);
      }
      for (String part : settings.connectionString.split(";")) {
        int eq = part.indexOf('=');
        if (eq > 0 && part.substring(0, eq).trim().equalsIgnoreCase("AccountKey")) {
          secrets.add(part.substring(eq + 1).trim());
        }
      }
    }
    this.errors = new AzureErrors(settings.backendName, settings.container, secrets);
    this.sasForCopySource = settings.sasToken != null ? settings.sasToken : csSas;
    BlobServiceClient service;
    try {
      service = buildServiceClient(settings);
    } catch (RuntimeException e) {
      // the SDK validates connection strings and endpoints; never echo what it saw
      throw new org.remotestore.ConfigException(
          "rs.backends." + settings.backendName + "." + credentialOption(settings),
          "Cannot create the Azure client for backend '"
              + settings.backendName
              + "' from rs.backends."
              + settings.backendName
              + "."
              + credentialOption(settings)
              + ": "
              + errors.scrub(e.getClass().getSimpleName()));
    }
    this.container = service.getBlobContainerClient(settings.container);
    AtomicInteger threadCount = new AtomicInteger();
    int threads = Math.max(2, settings.maxConcurrency * 2);
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t =
                  new Thread(
                      r,
                      "rs-azure-"
                          + settings.backendName
                          + "-stage-"
                          + threadCount.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    pool.allowCoreThreadTimeOut(true);
    this.stagingExecutor = pool;
    this.resumableWrites = new AzureResumableWrites(this);
  }

  private static String credentialOption(AzureBlobSettings s) {
    return switch (s.auth) {
      case CONNECTION_STRING -> AzureBlobSettings.CONNECTION_STRING;
      case ACCOUNT_KEY -> AzureBlobSettings.ACCOUNT_KEY;
      case SAS_TOKEN -> AzureBlobSettings.SAS_TOKEN;
      case DEFAULT_CREDENTIAL -> AzureBlobSettings.ENDPOINT;
    };
  }

  private static BlobServiceClient buildServiceClient(AzureBlobSettings s) {
    HttpClient http =
        new JdkHttpClientBuilder(
                java.net.http.HttpClient.newBuilder()
                    .version(java.net.http.HttpClient.Version.HTTP_1_1))
            .connectionTimeout(s.connectTimeout)
            .build();
    RequestRetryOptions retry =
        new RequestRetryOptions(
            RetryPolicyType.EXPONENTIAL,
            s.maxRetries + 1,
            s.requestTimeout,
            s.retryDelay,
            s.maxRetryDelay,
            null);
    BlobServiceClientBuilder builder =
        new BlobServiceClientBuilder()
            .httpClient(http)
            .retryOptions(retry)
            .httpLogOptions(new HttpLogOptions().setLogLevel(HttpLogDetailLevel.NONE));
    switch (s.auth) {
      case CONNECTION_STRING -> builder.connectionString(s.connectionString);
      case ACCOUNT_KEY ->
          builder.credential(new StorageSharedKeyCredential(s.accountName, s.accountKey));
      case SAS_TOKEN -> builder.sasToken(s.sasToken);
      case DEFAULT_CREDENTIAL -> builder.credential(new DefaultAzureCredentialBuilder().build());
    }
    if (s.endpoint != null) {
      builder.endpoint(s.endpoint);
    }
    return builder.buildClient();
  }

  // ------------------------------------------------------------------ identity

  @Override
  public String name() {
    return settings.backendName;
  }

  @Override
  public String type() {
    return AzureBlobBackendFactory.TYPE;
  }

  @Override
  public Capabilities capabilities() {
    return Capabilities.all().without(Capability.MOVE);
  }

  @Override
  public boolean isObjectStore() {
    return true;
  }

  /** The container this backend works in. */
  public String containerName() {
    return settings.container;
  }

  AzureBlobSettings settings() {
    return settings;
  }

  AzureErrors errors() {
    return errors;
  }

  ExecutorService stagingExecutor() {
    return stagingExecutor;
  }

  BlockBlobClient blockBlob(String key) {
    return container.getBlobClient(key).getBlockBlobClient();
  }

  BlockWriter newWriter(String key, List<AzureUploadState.Run> previousRuns, long position) {
    return new BlockWriter(
        blockBlob(key),
        key,
        errors,
        stagingExecutor,
        settings.blockSize,
        settings.maxConcurrency,
        previousRuns,
        position);
  }

  /** Creates the container once when {@code create-container} is set. */
  void ensureContainer() throws IOException {
    if (!settings.createContainer || containerReady) {
      return;
    }
    synchronized (this) {
      if (containerReady) {
        return;
      }
      try {
        container.createIfNotExists();
      } catch (RuntimeException e) {
        throw errors.translate("create container", "", e);
      }
      containerReady = true;
    }
  }

  // ------------------------------------------------------------------ reading

  @Override
  public InputStream read(String key, long offset, long length) throws IOException {
    if (offset < 0) {
      throw new IllegalArgumentException("offset < 0: " + offset);
    }
    return openRange(key, offset, length, null).stream;
  }

  /** A ranged read together with the metadata of the version it reads. */
  private record Opened(FileInfo info, InputStream stream) {}

  /**
   * Fetches the first chunk of {@code [offset, offset + length)} (one GET, no HEAD first), then
   * streams the rest pinned to the version seen. {@code extra} conditions apply to the first GET.
   */
  private Opened openRange(String key, long offset, long length, BlobRequestConditions extra)
      throws IOException {
    BlobClient blob = container.getBlobClient(key);
    long firstLength =
        length < 0 ? settings.readBlockSize : Math.min(length, (long) settings.readBlockSize);
    if (firstLength == 0) {
      FileInfo info = stat(key);
      if (info == null) {
        throw new NotFound("No such file: " + key, name(), key);
      }
      return new Opened(info, InputStream.nullInputStream());
    }
    byte[] chunk = new byte[(int) firstLength];
    BlobRangeInputStream.Fetched first;
    try {
      first = BlobRangeInputStream.fetch(blob, offset, firstLength, extra, chunk);
    } catch (RuntimeException e) {
      if (AzureErrors.isStatus(e, 416)) {
        // the range starts at or after the end (an empty blob included): the blob exists
        FileInfo info = stat(key);
        if (info == null) {
          throw new NotFound("No such file: " + key, name(), key);
        }
        return new Opened(info, InputStream.nullInputStream());
      }
      if (AzureErrors.isStatus(e, 304)) {
        throw new NotModifiedSignal(e);
      }
      throw errors.translate("read", key, e);
    }
    BlobDownloadHeaders headers = first.response().getDeserializedHeaders();
    long total = totalSize(headers, offset, first.length());
    FileInfo info =
        new FileInfo(
            key,
            total,
            instant(headers.getLastModified()),
            normaliseEtag(headers.getETag()),
            md5(headers.getBlobContentMD5() != null ? headers.getBlobContentMD5() : null));
    long end = length < 0 ? total : Math.min(total, offset + length);
    InputStream stream =
        new BlobRangeInputStream(
            blob, key, errors, headers.getETag(), chunk, first.length(), offset, end);
    return new Opened(info, stream);
  }

  private static long totalSize(BlobDownloadHeaders headers, long offset, int received) {
    String range = headers.getContentRange();
    if (range != null) {
      Matcher m = CONTENT_RANGE_TOTAL.matcher(range);
      if (m.find()) {
        return Long.parseLong(m.group(1));
      }
    }
    return offset + received;
  }

  /** Thrown inside {@link #openRange} when a conditional GET answered 304. */
  private static final class NotModifiedSignal extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient RuntimeException response;

    NotModifiedSignal(RuntimeException response) {
      super(null, null, false, false);
      this.response = response;
    }
  }

  @Override
  public ConditionalRead readIfChanged(String key, String ifNoneMatchEtag, Instant ifModifiedSince)
      throws IOException {
    BlobRequestConditions conditions = new BlobRequestConditions();
    if (ifNoneMatchEtag != null) {
      conditions.setIfNoneMatch(quoteEtag(ifNoneMatchEtag));
    } else if (ifModifiedSince != null) {
      conditions.setIfModifiedSince(OffsetDateTime.ofInstant(ifModifiedSince, ZoneOffset.UTC));
    }
    try {
      Opened opened = openRange(key, 0, -1, conditions);
      return ConditionalRead.modified(opened.info, opened.stream);
    } catch (NotModifiedSignal notModified) {
      return ConditionalRead.notModified(infoFromNotModified(key, notModified.response));
    }
  }

  /** Metadata from a 304 answer's headers; a HEAD (still no body) when they are incomplete. */
  private FileInfo infoFromNotModified(String key, RuntimeException response) throws IOException {
    HttpHeaders headers = null;
    for (Throwable c = response; c != null; c = c.getCause()) {
      if (c instanceof com.azure.core.exception.HttpResponseException h
          && h.getResponse() != null) {
        headers = h.getResponse().getHeaders();
        break;
      }
    }
    if (headers != null) {
      String etag = headers.getValue("ETag");
      String lastModified = headers.getValue("Last-Modified");
      String range = headers.getValue("Content-Range");
      Matcher m = range == null ? null : CONTENT_RANGE_TOTAL.matcher(range);
      if (etag != null && lastModified != null && m != null && m.find()) {
        return new FileInfo(
            key,
            Long.parseLong(m.group(1)),
            ZonedDateTime.parse(lastModified, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant(),
            normaliseEtag(etag),
            null);
      }
    }
    return stat(key);
  }

  // ------------------------------------------------------------------ metadata and listing

  @Override
  public FileInfo stat(String key) throws IOException {
    if (key.isEmpty()) {
      return null;
    }
    try {
      BlobProperties p =
          container
              .getBlobClient(key)
              .getPropertiesWithResponse(null, null, Context.NONE)
              .getValue();
      return new FileInfo(
          key,
          p.getBlobSize(),
          instant(p.getLastModified()),
          normaliseEtag(p.getETag()),
          md5(p.getContentMd5()));
    } catch (RuntimeException e) {
      if (AzureErrors.isStatus(e, 404)) {
        return null;
      }
      throw errors.translate("stat", key, e);
    }
  }

  @Override
  public Level list(String folderKey) throws IOException {
    String prefix = prefixOf(folderKey);
    List<FileInfo> files = new ArrayList<>();
    List<String> folders = new ArrayList<>();
    try {
      for (BlobItem item :
          container.listBlobsByHierarchy("/", new ListBlobsOptions().setPrefix(prefix), null)) {
        String name = item.getName();
        if (Boolean.TRUE.equals(item.isPrefix())) {
          String folder = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
          if (!folder.isEmpty() && !folder.equals(folderKey)) {
            folders.add(folder);
          }
        } else if (!name.equals(prefix) && !name.endsWith("/")) {
          files.add(toInfo(name, item.getProperties()));
        }
      }
    } catch (RuntimeException e) {
      if (AzureErrors.isStatus(e, 404)) {
        return new Level(List.of(), List.of());
      }
      throw errors.translate("list", folderKey, e);
    }
    return new Level(files, folders);
  }

  @Override
  public List<FileInfo> listRecursive(String folderKey) throws IOException {
    String prefix = prefixOf(folderKey);
    List<FileInfo> files = new ArrayList<>();
    try {
      for (BlobItem item : container.listBlobs(new ListBlobsOptions().setPrefix(prefix), null)) {
        if (!item.getName().endsWith("/")) {
          files.add(toInfo(item.getName(), item.getProperties()));
        }
      }
    } catch (RuntimeException e) {
      if (AzureErrors.isStatus(e, 404)) {
        return List.of();
      }
      throw errors.translate("list recursively", folderKey, e);
    }
    return files;
  }

  @Override
  public boolean folderExists(String folderKey) throws IOException {
    String prefix = prefixOf(folderKey);
    try {
      for (BlobItem item :
          container.listBlobs(
              new ListBlobsOptions().setPrefix(prefix).setMaxResultsPerPage(1), null)) {
        if (item != null) {
          return true;
        }
      }
      return false;
    } catch (RuntimeException e) {
      if (AzureErrors.isStatus(e, 404)) {
        return false;
      }
      throw errors.translate("check folder", folderKey, e);
    }
  }

  private static String prefixOf(String folderKey) {
    return folderKey.isEmpty() ? "" : folderKey + "/";
  }

  private static FileInfo toInfo(String key, BlobItemProperties p) {
    return new FileInfo(
        key,
        p.getContentLength() == null ? 0 : p.getContentLength(),
        instant(p.getLastModified()),
        normaliseEtag(p.getETag()),
        md5(p.getContentMd5()));
  }

  // ------------------------------------------------------------------ writing

  @Override
  public Store.AtomicOutputStream openOutput(String key, boolean overwrite) throws IOException {
    ensureContainer();
    if (!overwrite && stat(key) != null) {
      throw new org.remotestore.AlreadyExists(
          "File exists: '" + key + "' on backend '" + name() + "'", name(), key);
    }
    return new BlockBlobOutputStream(
        blockBlob(key), key, overwrite, errors, newWriter(key, List.of(), 0));
  }

  @Override
  public boolean delete(String key) throws IOException {
    if (key.isEmpty()) {
      return false;
    }
    try {
      return Boolean.TRUE.equals(
          container
              .getBlobClient(key)
              .deleteIfExistsWithResponse(
                  DeleteSnapshotsOptionType.INCLUDE, null, null, Context.NONE)
              .getValue());
    } catch (RuntimeException e) {
      if (AzureErrors.isStatus(e, 404)) {
        return false;
      }
      throw errors.translate("delete", key, e);
    }
  }

  @Override
  public boolean copy(String sourceKey, String targetKey, boolean overwrite) throws IOException {
    ensureContainer();
    FileInfo source = stat(sourceKey);
    if (source == null) {
      throw new NotFound("No such file: " + sourceKey, name(), sourceKey);
    }
    BlobClient target = container.getBlobClient(targetKey);
    String sourceUrl = container.getBlobClient(sourceKey).getBlobUrl();
    if (sasForCopySource != null) {
      sourceUrl = sourceUrl + "?" + sasForCopySource;
    }
    BlobBeginCopyOptions options =
        new BlobBeginCopyOptions(sourceUrl)
            .setPollInterval(Duration.ofMillis(250))
            .setSourceRequestConditions(
                new BlobBeginCopySourceRequestConditions().setIfMatch(quoteEtag(source.etag())));
    if (!overwrite) {
      options.setDestinationRequestConditions(new BlobRequestConditions().setIfNoneMatch("*"));
    }
    try {
      SyncPoller<BlobCopyInfo, Void> poller = target.beginCopy(options);
      PollResponse<BlobCopyInfo> done = poller.waitForCompletion(settings.copyTimeout);
      BlobCopyInfo info = done.getValue();
      if (done.getStatus() != LongRunningOperationStatus.SUCCESSFULLY_COMPLETED
          || info == null
          || info.getCopyStatus() != CopyStatusType.SUCCESS) {
        if (info != null && info.getCopyStatus() == CopyStatusType.PENDING) {
          try {
            target.abortCopyFromUrl(info.getCopyId());
          } catch (RuntimeException ignored) {
            // the copy may have finished meanwhile; the error below still stands
          }
        }
        throw new RemoteStoreException(
            "Azure copy of '"
                + sourceKey
                + "' to '"
                + targetKey
                + "' on backend '"
                + name()
                + "' did not complete: "
                + (info == null ? done.getStatus() : info.getCopyStatus()),
            name(),
            targetKey);
      }
      return true;
    } catch (RuntimeException e) {
      BlobErrorCode code = AzureErrors.errorCode(e);
      if (AzureErrors.isStatus(e, 412)
          && (BlobErrorCode.SOURCE_CONDITION_NOT_MET.equals(code)
              || BlobErrorCode.CONDITION_NOT_MET.equals(code) && overwrite)) {
        throw new RemoteStoreException(
            "Azure copy of '" + sourceKey + "' failed: the source changed during the copy",
            name(),
            sourceKey,
            new AzureErrors.SanitizedCause(e, errors));
      }
      if (AzureErrors.isStatus(e, 404)) {
        throw errors.translate("copy (source)", sourceKey, e);
      }
      if (AzureErrors.isStatus(e, 409)
          && !overwrite
          && !BlobErrorCode.PENDING_COPY_OPERATION.equals(code)) {
        throw new org.remotestore.AlreadyExists(
            "File exists: '" + targetKey + "' on backend '" + name() + "'",
            name(),
            targetKey,
            new AzureErrors.SanitizedCause(e, errors));
      }
      throw errors.translate("copy to", targetKey, e);
    }
  }

  @Override
  public ResumableWrites resumableWrites() {
    return resumableWrites;
  }

  @Override
  public void close() {
    stagingExecutor.shutdown();
  }

  // ------------------------------------------------------------------ helpers

  private static Instant instant(OffsetDateTime t) {
    return t == null ? null : t.toInstant();
  }

  private static String md5(byte[] md5) {
    return md5 == null || md5.length == 0 ? null : "md5:" + HexFormat.of().formatHex(md5);
  }

  /** ETags in one form everywhere: quoted, as in HTTP headers (listings return them bare). */
  static String normaliseEtag(String etag) {
    if (etag == null || etag.isEmpty()) {
      return null;
    }
    return etag.startsWith("\"") || etag.startsWith("W/") ? etag : "\"" + etag + "\"";
  }

  private static String quoteEtag(String etag) {
    return normaliseEtag(etag);
  }

  @Override
  public String toString() {
    return "AzureBlobBackend{name=" + settings.backendName + ", " + settings + "}";
  }
}
