package org.remotestore.azure;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Block ids of this backend: Base64 of a 16-byte random session id followed by the 8-byte block
 * index, so every id has the same length (32 characters, as Azure requires within one blob), is
 * unique across writers and attempts, and is derived deterministically from (session, index).
 */
final class BlockIds {
  static final int SESSION_BYTES = 16;
  private static final SecureRandom RANDOM = new SecureRandom();

  private BlockIds() {}

  /** A fresh random session id. */
  static byte[] newSession() {
    byte[] session = new byte[SESSION_BYTES];
    RANDOM.nextBytes(session);
    return session;
  }

  /** The id of block {@code index} of {@code session}. */
  static String id(byte[] session, long index) {
    ByteBuffer raw = ByteBuffer.allocate(SESSION_BYTES + Long.BYTES);
    raw.put(session, 0, SESSION_BYTES).putLong(index);
    return Base64.getEncoder().encodeToString(raw.array());
  }
}
