package org.remotestore.meteoswiss.source;

import java.io.IOException;
import java.util.List;
import java.util.function.Predicate;

/** Lists the stations of the feed. Used by the split enumerator, from its I/O thread. */
interface StationLister extends AutoCloseable {

  /** Every station currently published, possibly unfiltered. */
  List<DiscoveredStation> list() throws IOException;

  /**
   * Every station currently published, leaving out what a lister that reads per station need not
   * read again: stations whose split is already planned ({@code planned} tests a station code).
   * Listers that read everything at once ignore {@code planned}.
   */
  default List<DiscoveredStation> list(Predicate<String> planned) throws IOException {
    return list();
  }

  @Override
  default void close() throws IOException {}
}
