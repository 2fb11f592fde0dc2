package org.remotestore.flink;

import org.apache.flink.core.fs.BlockLocation;

/**
 * A block of an {@code rs://} file. Remote backends have no data locality, so every block is on
 * {@code localhost}, which Flink's split assigners treat as "any host".
 */
final class RsBlockLocation implements BlockLocation {
  private static final String[] HOSTS = {"localhost"};

  private final long offset;
  private final long length;

  RsBlockLocation(long offset, long length) {
    this.offset = offset;
    this.length = length;
  }

  @Override
  public String[] getHosts() {
    return HOSTS.clone();
  }

  @Override
  public long getOffset() {
    return offset;
  }

  @Override
  public long getLength() {
    return length;
  }

  @Override
  public int compareTo(BlockLocation other) {
    return Long.compare(offset, other.getOffset());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RsBlockLocation b && b.offset == offset && b.length == length;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(offset) * 31 + Long.hashCode(length);
  }
}
