package org.remotestore.sql;

import java.util.Set;
import org.remotestore.BackendConfig;
import org.remotestore.spi.Backend;
import org.remotestore.spi.BackendFactory;

/**
 * Creates {@link SqlBlobBackend}s: type {@code sql-blob}, options {@code url} (required), {@code
 * user}, {@code password}, {@code table}, {@code chunk-size}, {@code max-blob-size}, {@code
 * create-tables}, {@code pool-size}, {@code timeout}.
 */
public final class SqlBlobBackendFactory implements BackendFactory {

  @Override
  public String type() {
    return SqlBlobBackend.TYPE;
  }

  @Override
  public Set<String> options() {
    return SqlBlobSettings.OPTIONS;
  }

  @Override
  public Set<String> secretOptions() {
    return Set.of(SqlConnectionSettings.PASSWORD);
  }

  @Override
  public void validate(BackendConfig config) {
    SqlBlobSettings.from(config);
  }

  @Override
  public Backend create(BackendConfig config) {
    return new SqlBlobBackend(config);
  }
}
