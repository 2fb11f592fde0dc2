package org.remotestore.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
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
  /** One server for the class; its files are cleared after every test. */
  private static StaticHttpServer server;

  private Registry registry;

  @Override
  protected Store createStore() throws Exception {
    if (server == null) {
      server = StaticHttpServer.start();
    }
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
    server.clear();
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  /** The suite's unusual names need listing; without it, they must at least read back. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "with space/file name.txt",
        "ünïcödé/日本語 ファイル.csv",
        "plus+equals=amp&semi;.txt",
        "percent%20and%2Fslash.txt",
        "hash#question?.txt",
        "quote'paren(1)~tilde@at,comma.txt",
        "-leading-dash/.hidden"
      })
  void unusualNamesReadBackWithoutListing(String path) throws Exception {
    server.put("site/feed/" + path, ("content of " + path).getBytes(StandardCharsets.UTF_8));
    assertThat(new String(store.readBytes(path), StandardCharsets.UTF_8))
        .isEqualTo("content of " + path);
    assertThat(store.getFileInfo(path).path()).isEqualTo(path);
    assertThat(store.exists(path)).isTrue();
  }

  /** Fixtures go straight into the server's files that the store reads. */
  @Override
  protected Store seedStore(Store store) throws Exception {
    return server.asStore("site/feed");
  }
}
