package org.remotestore.http;

import java.util.Map;
import org.remotestore.Registry;
import org.remotestore.RegistryConfig;
import org.remotestore.Store;
import org.remotestore.testing.StoreConformanceSuite;
import org.remotestore.testing.http.StaticHttpServer;

/**
 * The conformance suite's read-only part for the {@code http} backend, through the {@link Registry}
 * and a store with a root path, against {@link StaticHttpServer}. Files are seeded directly into
 * the server.
 */
class HttpStoreConformanceTest extends StoreConformanceSuite {
  private StaticHttpServer server;
  private Registry registry;

  @Override
  protected Store createStore() throws Exception {
    server = StaticHttpServer.start();
    registry =
        Registry.create(
            RegistryConfig.fromFlatKeys(
                Map.of(
                    "rs.backends.web.type", "http",
                    "rs.backends.web.base-url", server.baseUri() + "site/",
                    "rs.backends.web.retries", "1",
                    "rs.stores.feed.backend", "web",
                    "rs.stores.feed.root-path", "feed")));
    return registry.store("feed");
  }

  @Override
  protected void destroyStore(Store store) throws Exception {
    registry.close();
    server.close();
  }

  @Override
  protected boolean canSeed() {
    return true;
  }

  @Override
  protected void seed(String path, byte[] content) {
    server.put("site/feed/" + path, content);
  }
}
