package org.remotestore.sql;

import java.sql.Connection;
import java.sql.SQLException;
import org.remotestore.RemoteStoreException;

/**
 * Runs work on a pooled connection: {@link #run} in auto-commit mode, {@link #inTransaction} as one
 * transaction that is retried (a few times) when the database reports a deadlock or serialization
 * failure, and rolled back on any failure. SQL failures leave as typed store errors.
 */
final class SqlExecutor implements AutoCloseable {
  private static final int TRANSACTION_ATTEMPTS = 5;

  private final String backend;
  private final JdbcPool pool;

  /** Work on one connection. */
  @FunctionalInterface
  interface Work<T> {
    T apply(Connection connection) throws SQLException, java.io.IOException;
  }

  SqlExecutor(String backend, JdbcPool pool) {
    this.backend = backend;
    this.pool = pool;
  }

  String backend() {
    return backend;
  }

  JdbcPool pool() {
    return pool;
  }

  /** Runs {@code work} in auto-commit mode. */
  <T> T run(String operation, String key, Work<T> work) throws java.io.IOException {
    Connection c = pool.borrow();
    boolean broken = false;
    try {
      return work.apply(c);
    } catch (SQLException e) {
      broken = SqlErrors.isTransient(e);
      throw SqlErrors.map(e, backend, key, operation);
    } catch (RuntimeException | Error e) {
      broken = true;
      throw e;
    } finally {
      pool.release(c, broken);
    }
  }

  /** Runs {@code work} as one transaction, committed when it returns. */
  <T> T inTransaction(String operation, String key, Work<T> work) throws java.io.IOException {
    for (int attempt = 1; ; attempt++) {
      Connection c = pool.borrow();
      boolean broken = false;
      try {
        c.setAutoCommit(false);
        T result = work.apply(c);
        c.commit();
        return result;
      } catch (SQLException e) {
        broken = !rollback(c);
        if (SqlErrors.isTransient(e) && attempt < TRANSACTION_ATTEMPTS) {
          pause(attempt);
          continue;
        }
        throw SqlErrors.map(e, backend, key, operation);
      } catch (RemoteStoreException e) {
        broken = !rollback(c);
        throw e;
      } catch (java.io.IOException | RuntimeException | Error e) {
        broken = !rollback(c);
        throw e;
      } finally {
        pool.release(c, broken);
      }
    }
  }

  private static boolean rollback(Connection c) {
    try {
      c.rollback();
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  private static void pause(int attempt) {
    try {
      Thread.sleep(20L * attempt + (long) (Math.random() * 20));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    pool.close();
  }
}
