package org.remotestore.azure;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
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
 * the Blob service REST API on Apache HttpClient 5 ({@link BlobRestClient}).
 *
 * <ul>
 *   <li>Writes stream as staged blocks and publish atomically by committing the block list; see
 *       {@link BlockBlobOutputStream}.
 *   <li>Reads are ranged GETs of one blob version (pinned by ETag): a first chunk, then the rest of
 *       the range streamed; see {@link BlobRangeInputStream}.
 *   <li>{@link #list} uses the {@code /} delimiter (one level per call), {@link #listRecursive} a
 *       flat prefix scan.
 *   <li>Copy is server-side (Copy Blob, polled until done).
 *   <li>Conditional reads send {@code If-None-Match} / {@code If-Modified-Since}; "not modified" is
 *       a 304 without a body.
 *   <li>Resumable writes for Flink's RecoverableWriter: {@link AzureResumableWrites}.
 * </ul>
 *
 * <p>Transport exceptions never escape and secrets (account key, SAS token, connection string)
 * never appear in messages, logs or {@link #toString()}: see {@link AzureErrors}.
 */
public final class AzureBlobBackend implements Backend, LeftoverSupport {
  private static final Pattern SAS_IN_CONNECTION_STRING =
      Pattern.compile("(?i)(?:^|;)\\s*SharedAccessSignature=([^;]+)");

  private final AzureBlobSettings settings;
  private final AzureErrors errors;
  private final BlobRestClient rest;
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
    BlobRestClient client;
    try {
      client = AzureClients.buildRestClient(settings);
    } catch (RuntimeException e) {
      // connection strings and keys are checked here; never echo what was seen
      throw new org.remotestore.ConfigException(
          "rs.backends." + settings.backendName + "." + AzureClients.credentialOption(settings),
          "Cannot create the Azure client for backend '"
              + settings.backendName
              + "' from rs.backends."
              + settings.backendName
              + "."
              + AzureClients.credentialOption(settings)
              + ": "
              + errors.scrub(
                  e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
    }
    this.rest = client;
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

  BlockWriter newWriter(String key, List<AzureUploadState.Run> previousRuns, long position) {
    return new BlockWriter(
        rest,
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
        rest.createContainerIfNotExists();
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

  /** The REST client of this backend's container. */
  BlobRestClient rest() {
    return rest;
  }

  // ------------------------------------------------------------------ metadata and listing

  @Override
  public FileInfo stat(String key) throws IOException {
    if (key.isEmpty()) {
      return null;
    }
    try {
      BlobHttp.Answer p = rest.properties(key);
      return new FileInfo(
          key,
          Long.parseLong(p.header("Content-Length")),
          BlobXml.date(p.header("Last-Modified")),
          normaliseEtag(p.header("ETag")),
          BlobXml.md5Hex(p.header("Content-MD5")));
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
      String marker = null;
      do {
        BlobXml.Page page = rest.list(prefix, "/", marker, 0, false);
        for (String name : page.prefixes()) {
          String folder = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
          if (!folder.isEmpty() && !folder.equals(folderKey)) {
            folders.add(folder);
          }
        }
        for (BlobXml.Item item : page.blobs()) {
          String name = item.name();
          if (!name.equals(prefix) && !name.endsWith("/")) {
            files.add(toInfo(name, item));
          }
        }
        marker = page.nextMarker();
      } while (marker != null);
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
      String marker = null;
      do {
        BlobXml.Page page = rest.list(prefix, null, marker, 0, false);
        for (BlobXml.Item item : page.blobs()) {
          if (!item.name().endsWith("/")) {
            files.add(toInfo(item.name(), item));
          }
        }
        marker = page.nextMarker();
      } while (marker != null);
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
      return !rest.list(prefix, null, null, 1, false).blobs().isEmpty();
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
      BlobXml.Page page = rest.list(key, "/", null, 2, false);
      for (BlobXml.Item item : page.blobs()) {
        if (item.name().equals(key)) {
          file = toInfo(key, item);
        }
      }
      if (page.prefixes().contains(key + "/")) {
        return new KeyStatus(file, true);
      }
      if (page.nextMarker() == null) {
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

  private static FileInfo toInfo(String key, BlobXml.Item item) {
    return new FileInfo(
        key, item.size(), item.lastModified(), normaliseEtag(item.etag()), item.md5());
  }

  // ------------------------------------------------------------------ writing

  @Override
  public Store.AtomicOutputStream openOutput(String key, boolean overwrite) throws IOException {
    ensureContainer();
    if (!overwrite && stat(key) != null) {
      throw new org.remotestore.AlreadyExists(
          "File exists: '" + key + "' on backend '" + name() + "'", name(), key);
    }
    return new BlockBlobOutputStream(rest, key, overwrite, errors, newWriter(key, List.of(), 0));
  }

  @Override
  public boolean delete(String key) throws IOException {
    if (key.isEmpty()) {
      return false;
    }
    try {
      rest.delete(key, null);
      return true;
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
    rest.close();
  }

  // ------------------------------------------------------------------ helpers

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
