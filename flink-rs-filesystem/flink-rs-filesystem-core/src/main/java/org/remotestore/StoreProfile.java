package org.remotestore;

import java.util.Map;
import java.util.Objects;

/**
 * Immutable definition of a named store: which backend it lives on, under which root path, and
 * per-store options (for example {@code entropy-key} for Flink checkpoint entropy injection). Flat
 * keys: {@code rs.stores.<name>.backend}, {@code rs.stores.<name>.root-path}, {@code
 * rs.stores.<name>.<option>}.
 *
 * @param name the store name (the authority of {@code rs://<name>/...})
 * @param backend the backend instance name
 * @param rootPath the root path inside the backend ({@code ""} for the backend root)
 * @param options further per-store options
 */
public record StoreProfile(
    String name, String backend, String rootPath, Map<String, String> options) {
  /** Validates and copies. */
  public StoreProfile {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(backend, "backend");
    rootPath = rootPath == null ? "" : rootPath;
    options = Map.copyOf(options == null ? Map.of() : options);
  }

  /** A profile without extra options. */
  public StoreProfile(String name, String backend, String rootPath) {
    this(name, backend, rootPath, Map.of());
  }

  /** The full configuration key of a store option, for messages. */
  public String key(String option) {
    return "rs.stores." + name + "." + option;
  }
}
