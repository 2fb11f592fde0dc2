package org.remotestore.spi;

import java.util.Set;
import org.remotestore.BackendConfig;

/**
 * Creates backends of one type. Implementations are registered in {@code
 * META-INF/services/org.remotestore.spi.BackendFactory} and found by the {@link
 * org.remotestore.Registry} with {@link java.util.ServiceLoader}.
 */
public interface BackendFactory {

  /** The type this factory creates, as written in {@code rs.backends.<name>.type}. */
  String type();

  /**
   * The options this type understands (without the {@code rs.backends.<name>.} prefix). An option
   * outside this set is reported as unknown, naming its key.
   */
  Set<String> options();

  /**
   * Whether {@code option} (without the {@code rs.backends.<name>.} prefix) is understood. The
   * default is membership in {@link #options()}; types with open-ended option families (such as
   * {@code headers.<Name>} of the {@code http} type) override it.
   */
  default boolean acceptsOption(String option) {
    return options().contains(option);
  }

  /** The options whose values are secret and must never be printed. */
  default Set<String> secretOptions() {
    return Set.of();
  }

  /**
   * Checks the options without creating anything (no connection, no file), so that {@link
   * org.remotestore.Registry#create(org.remotestore.RegistryConfig)} can report a missing or
   * malformed option before any backend is used. The default checks nothing; {@link
   * #create(BackendConfig)} checks again.
   *
   * @throws org.remotestore.ConfigException naming the key at fault
   */
  default void validate(BackendConfig config) {}

  /**
   * Creates a backend. Missing or malformed options fail with {@link
   * org.remotestore.ConfigException} naming the key.
   */
  Backend create(BackendConfig config);
}
