package org.remotestore.sql;

import org.remotestore.RemoteStoreException;

/**
 * A named query of a {@code sql-query} backend failed in the database (syntax error, missing table,
 * type error). The message names the virtual file and its configuration key, never the connection's
 * credentials.
 */
public class QueryFailed extends RemoteStoreException {
  private static final long serialVersionUID = 1L;

  private final String queryKey;

  /** Creates the exception for the virtual file {@code path} defined by {@code queryKey}. */
  public QueryFailed(
      String message, String backend, String path, String queryKey, Throwable cause) {
    super(message, backend, path, cause);
    this.queryKey = queryKey;
  }

  /** The configuration key of the query, for example {@code rs.backends.db.queries.x.csv}. */
  public String queryKey() {
    return queryKey;
  }
}
