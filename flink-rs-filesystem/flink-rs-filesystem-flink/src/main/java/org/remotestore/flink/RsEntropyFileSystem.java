package org.remotestore.flink;

import java.security.SecureRandom;
import org.apache.flink.core.fs.EntropyInjectingFileSystem;

/**
 * The file system of a store with {@code rs.stores.<store>.entropy-key}: Flink replaces that marker
 * in checkpoint data file paths with {@link #generateEntropy() random characters} (spreading keys
 * over object store partitions) and removes it from the paths of checkpoint metadata.
 */
public final class RsEntropyFileSystem extends RsFileSystem implements EntropyInjectingFileSystem {
  private static final char[] ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String entropyKey;
  private final int entropyLength;

  /**
   * Creates the file system.
   *
   * @param access the store
   * @param resolver finds other stores
   * @param readRangeBytes the size of the byte ranges read by {@code open}
   * @param entropyKey the marker in paths to replace, for example {@code _entropy_}
   * @param entropyLength the number of random characters that replace it
   */
  public RsEntropyFileSystem(
      RsStoreAccess access,
      RsStoreAccess.Resolver resolver,
      long readRangeBytes,
      String entropyKey,
      int entropyLength) {
    super(access, resolver, readRangeBytes);
    this.entropyKey = entropyKey;
    this.entropyLength = entropyLength;
  }

  @Override
  public String getEntropyInjectionKey() {
    return entropyKey;
  }

  @Override
  public String generateEntropy() {
    char[] out = new char[entropyLength];
    for (int i = 0; i < out.length; i++) {
      out[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
    }
    return new String(out);
  }
}
