package org.remotestore.ext.transfer;

/** What a {@link Transfer} does when a target file already exists. */
public enum ExistingPolicy {
  /** Fail that file with {@link org.remotestore.AlreadyExists} (the default). */
  FAIL,
  /** Leave the existing file alone and report the file as skipped. */
  SKIP_EXISTING,
  /** Replace the existing file (atomically). */
  OVERWRITE
}
