package org.remotestore.medallion;

import java.util.Map;
import org.remotestore.Registry;
import org.remotestore.RegistryConfig;
import org.remotestore.meteoswiss.source.FeedStoreFactory;

/**
 * Stores over the feed for the job's own reads of the metadata files: the {@code http} backend,
 * observed by OpenTelemetry (store key {@code observe.opentelemetry}), and deliberately
 * <em>not</em> cached, so a conditional GET ({@code If-None-Match}) always reaches the server and a
 * changed file is seen at once.
 */
public final class FeedStores {
  /** The backend and store name (it appears in errors and telemetry). */
  public static final String NAME = "meteoswiss-meta";

  private FeedStores() {}

  /** A factory opening an uncached, observed {@code http} store at the requested root URL. */
  public static FeedStoreFactory uncached() {
    return rootUrl -> {
      Registry registry =
          Registry.create(
              RegistryConfig.builder()
                  .backend(NAME, "http", Map.of("base-url", rootUrl))
                  .store(NAME, NAME, "", Map.of("observe.opentelemetry", "true"))
                  .build());
      return new FeedStoreFactory.OpenedStore(registry.store(NAME), registry);
    };
  }
}
