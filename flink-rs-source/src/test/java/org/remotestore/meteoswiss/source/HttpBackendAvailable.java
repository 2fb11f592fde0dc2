package org.remotestore.meteoswiss.source;

import java.util.ServiceLoader;
import org.junit.jupiter.api.Assumptions;
import org.remotestore.spi.BackendFactory;

/** Skips a test, with a message, when no {@code http} backend is registered on the classpath. */
public final class HttpBackendAvailable {
  private HttpBackendAvailable() {}

  /** Assumes the {@code http} backend type can be created through the registry. */
  public static void assumeHttpBackend() {
    boolean found = false;
    var it = ServiceLoader.load(BackendFactory.class).iterator();
    while (true) {
      try {
        if (!it.hasNext()) {
          break;
        }
        found |= "http".equals(it.next().type());
      } catch (java.util.ServiceConfigurationError e) {
        // a listed provider that cannot be loaded is not the http backend
      }
    }
    Assumptions.assumeTrue(
        found, "no backend of type 'http' is registered; skipping tests that read over HTTP");
  }
}
