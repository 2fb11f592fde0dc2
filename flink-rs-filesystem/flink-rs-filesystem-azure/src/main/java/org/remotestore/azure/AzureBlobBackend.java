package org.remotestore.azure;

import com.azure.core.http.rest.PagedResponse;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobItemProperties;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.DeleteSnapshotsOptionType;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.specialized.BlockBlobClient;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.remotestore.Capabilities;
import org.remotestore.Capability;
import org.remotestore.ConditionalRead;
import org.remotestore.FileInfo;
import org.remotestore.Store;
import org.remotestore.spi.Backend;
import org.remotestore.spi.Leftover;
import org.remotestore.spi.LeftoverSupport;
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
public final class AzureBlobBackend implements Backend, LeftoverSupport {
  private static final Pattern SAS_IN_CONNECTION_STRING =
      Pattern.compile("(?i)(?:^|;)\\s*SharedAccessSignature=([^;]+)");

  private final AzureBlobSettings settings;
  private final AzureErrors errors;
  private final BlobContainerClient container;
  private final ExecutorService stagingExecutor;
  private final String sasForCopySource;
  private final AzureResumableWrites resumableWrites;
  private final AzureReads reads;
  private final AzureCopy copier;
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
      service = AzureClients.buildServiceClient(settings);
    } catch (RuntimeException e) {
      // the SDK validates connection strings and endpoints; never echo what it saw
      throw new org.remotestore.ConfigException(
          "rs.backends." + settings.backendName + "." + AzureClients.credentialOption(settings),
          "Cannot create the Azure client for backend '"
              + settings.backendName
              + "' from rs.backends."
              + settings.backendName
              + "."
              + AzureClients.credentialOption(settings)
              + ": "
              + errors.scrub(e.getClass().getSimpleName()));
    }
    this.container = service.getBlobContainerClient(settings.container);
    this.stagingExecutor = AzureClients.stagingPool(settings);
    this.resumableWrites = new AzureResumableWrites(this);
    this.reads = new AzureReads(this);
    this.copier = new AzureCopy(this, sasForCopySource);
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
    return reads.openRange(key, offset, length, null).stream();
  }

  @Override
  public ConditionalRead readIfChanged(String key, String ifNoneMatchEtag, Instant ifModifiedSince)
      throws IOException {
    return reads.readIfChanged(key, ifNoneMatchEtag, ifModifiedSince);
  }

  /** The container client. */
  BlobContainerClient container() {
    return container;
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

  /**
   * One hierarchical listing of {@code prefix=key} answers both questions: the blob {@code key}
   * sorts first among the names it prefixes, and its folder is the prefix {@code key/}. Only when
   * other names sort between them (such as {@code key-1}) does a second listing decide.
   */
  @Override
  public KeyStatus keyStatus(String key) throws IOException {
    if (key.isEmpty()) {
      return new KeyStatus(null, true);
    }
    FileInfo file = null;
    try {
      PagedResponse<BlobItem> page =
          container
              .listBlobsByHierarchy(
                  "/", new ListBlobsOptions().setPrefix(key).setMaxResultsPerPage(2), null)
              .iterableByPage()
              .iterator()
              .next();
      for (BlobItem item : page.getValue()) {
        if (Boolean.TRUE.equals(item.isPrefix()) && item.getName().equals(key + "/")) {
          return new KeyStatus(file, true);
        }
        if (!Boolean.TRUE.equals(item.isPrefix()) && item.getName().equals(key)) {
          file = toInfo(key, item.getProperties());
        }
      }
      if (page.getContinuationToken() == null) {
        return new KeyStatus(file, false);
      }
    } catch (RuntimeException e) {
      if (AzureErrors.isStatus(e, 404)) {
        return new KeyStatus(null, false);
      }
      throw errors.translate("stat", key, e);
    }
    return new KeyStatus(file, folderExists(key));
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
    return copier.copy(sourceKey, targetKey, overwrite);
  }

  @Override
  public ResumableWrites resumableWrites() {
    return resumableWrites;
  }

  /** Lists the blobs at or below {@code folderKey} that hold only uncommitted blocks. */
  @Override
  public List<Leftover> listLeftovers(String folderKey) throws IOException {
    return new AzureLeftovers(this).listLeftovers(folderKey);
  }

  /** Discards the uncommitted blocks of such a blob; refuses anything else. */
  @Override
  public boolean removeLeftover(Leftover leftover) throws IOException {
    return new AzureLeftovers(this).removeLeftover(leftover);
  }

  @Override
  public void close() {
    stagingExecutor.shutdown();
  }

  // ------------------------------------------------------------------ helpers

  static Instant instant(OffsetDateTime t) {
    return t == null ? null : t.toInstant();
  }

  static String md5(byte[] md5) {
    return md5 == null || md5.length == 0 ? null : "md5:" + HexFormat.of().formatHex(md5);
  }

  /** ETags in one form everywhere: quoted, as in HTTP headers (listings return them bare). */
  static String normaliseEtag(String etag) {
    if (etag == null || etag.isEmpty()) {
      return null;
    }
    return etag.startsWith("\"") || etag.startsWith("W/") ? etag : "\"" + etag + "\"";
  }

  static String quoteEtag(String etag) {
    return normaliseEtag(etag);
  }

  @Override
  public String toString() {
    return "AzureBlobBackend{name=" + settings.backendName + ", " + settings + "}";
  }
}
