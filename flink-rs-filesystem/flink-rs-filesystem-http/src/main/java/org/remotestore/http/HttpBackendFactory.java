package org.remotestore.http;

import java.util.HashSet;
import java.util.Set;
import org.remotestore.BackendConfig;
import org.remotestore.spi.Backend;
import org.remotestore.spi.BackendFactory;

/**
 * Creates {@link HttpBackend read-only http backends} ({@code rs.backends.<name>.type: http}).
 *
 * <p>Options: {@code base-url} (required), {@code connect-timeout}, {@code read-timeout}, {@code
 * max-connections}, {@code retries}, {@code retry-base-delay}, {@code retry-max-delay}, {@code
 * retry-max-total}, {@code user-agent}, {@code gzip}, {@code follow-redirects}, {@code
 * allow-cross-host-redirects}, and extra request headers as {@code headers.<Name>}. See {@link
 * HttpBackendOptions}.
 */
public final class HttpBackendFactory implements BackendFactory {

  @Override
  public String type() {
    return HttpBackend.TYPE;
  }

  /**
   * The fixed options. Extra request headers, {@code headers.<Name>}, are accepted on top by {@link
   * #acceptsOption(String)}.
   */
  @Override
  public Set<String> options() {
    return HttpBackendOptions.OPTION_NAMES;
  }

  /** Whether {@code option} is understood: a fixed option or an extra header. */
  public boolean acceptsOption(String option) {
    return options().contains(option)
        || (option.startsWith(HttpBackendOptions.HEADER_PREFIX)
            && option.length() > HttpBackendOptions.HEADER_PREFIX.length());
  }

  /** Extra headers may carry credentials (for example {@code headers.Authorization}). */
  @Override
  public Set<String> secretOptions() {
    Set<String> secret = new HashSet<>();
    secret.add("headers.Authorization");
    secret.add("headers.Cookie");
    return Set.copyOf(secret);
  }

  @Override
  public Backend create(BackendConfig config) {
    return new HttpBackend(config.name(), HttpBackendOptions.fromConfig(config));
  }
}
