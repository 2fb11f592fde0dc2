package org.remotestore.memory;

import java.util.Set;
import org.remotestore.BackendConfig;
import org.remotestore.spi.Backend;
import org.remotestore.spi.BackendFactory;

/**
 * Creates {@link MemoryBackend}s: type {@code memory}, option {@code instance} (default: the
 * backend name) naming the JVM-wide instance that holds the data.
 */
public final class MemoryBackendFactory implements BackendFactory {

  /** The option naming the shared instance. */
  public static final String INSTANCE = "instance";

  @Override
  public String type() {
    return MemoryBackend.TYPE;
  }

  @Override
  public Set<String> options() {
    return Set.of(INSTANCE);
  }

  @Override
  public Backend create(BackendConfig config) {
    return new MemoryBackend(config.name(), config.get(INSTANCE, config.name()));
  }
}
