package org.remotestore.meteoswiss.source;

import java.io.IOException;
import java.util.List;

/** Lists the stations of the feed. Used by the split enumerator, from its I/O thread. */
interface StationLister extends AutoCloseable {

  /** Every station currently published, possibly unfiltered. */
  List<DiscoveredStation> list() throws IOException;

  @Override
  default void close() throws IOException {}
}
