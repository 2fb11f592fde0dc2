package org.remotestore.testing.guard;

import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import org.remotestore.BackendConfig;
import org.remotestore.spi.Backend;
import org.remotestore.spi.BackendFactory;

/**
 * Test backend type {@code guarded}: creates the backend of type {@code delegate-type} with the
 * other options, and wraps it in a {@link GuardedBackend} that records every call made to it
 * without a store decorator ({@code org.remotestore.ext.observe}) on the caller's stack.
 */
public final class GuardedBackendFactory implements BackendFactory {
  /** The option naming the type of the wrapped backend. */
  public static final String DELEGATE_TYPE = "delegate-type";

  @Override
  public String type() {
    return "guarded";
  }

  @Override
  public Set<String> options() {
    return Set.of(DELEGATE_TYPE);
  }

  @Override
  public boolean acceptsOption(String option) {
    return true;
  }

  @Override
  public Backend create(BackendConfig config) {
    String type = config.require(DELEGATE_TYPE);
    Map<String, String> options = new HashMap<>(config.options());
    options.remove(DELEGATE_TYPE);
    for (BackendFactory factory : ServiceLoader.load(BackendFactory.class)) {
      if (factory.type().equals(type)) {
        return GuardedBackend.wrap(factory.create(new BackendConfig(config.name(), type, options)));
      }
    }
    throw new IllegalArgumentException("no backend factory of type " + type);
  }
}
