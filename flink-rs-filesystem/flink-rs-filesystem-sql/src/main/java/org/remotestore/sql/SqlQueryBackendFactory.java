package org.remotestore.sql;

import java.util.Set;
import org.remotestore.BackendConfig;
import org.remotestore.spi.Backend;
import org.remotestore.spi.BackendFactory;

/**
 * Creates {@link SqlQueryBackend}s: type {@code sql-query}, options {@code url} (required), {@code
 * user}, {@code password}, {@code pool-size}, {@code timeout}, {@code fetch-size}, {@code
 * size-cache}, and one {@code queries.<file name>} per virtual file (at least one).
 */
public final class SqlQueryBackendFactory implements BackendFactory {

  @Override
  public String type() {
    return SqlQueryBackend.TYPE;
  }

  @Override
  public Set<String> options() {
    return SqlQuerySettings.OPTIONS;
  }

  /** The fixed options, and {@code queries.<file name>}. */
  @Override
  public boolean acceptsOption(String option) {
    return options().contains(option)
        || (option.startsWith(SqlQuerySettings.QUERIES)
            && option.length() > SqlQuerySettings.QUERIES.length());
  }

  @Override
  public Set<String> secretOptions() {
    return Set.of(SqlConnectionSettings.PASSWORD);
  }

  @Override
  public void validate(BackendConfig config) {
    SqlQuerySettings.from(config);
  }

  @Override
  public Backend create(BackendConfig config) {
    return new SqlQueryBackend(config);
  }
}
