package org.remotestore.medallion.silver;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;

/**
 * Reads layout 1 of silver's deduplication state ({@value SilverDeduplicator#LEGACY_STATE}: per
 * station, reference timestamp in epoch milliseconds to {@code granularity|parameter} to (last
 * value emitted, revision)), as checkpoints and savepoints of builds before layout 2 hold it, and
 * hands every entry to the new layout. Each station's map is cleared once moved, so a later
 * checkpoint carries the old state's name with no entries and the next restore finds nothing to
 * move.
 */
final class LegacyDedupeState {
  /** Layout 1's state descriptor: its name and serializers must stay as they were. */
  static MapStateDescriptor<Long, Map<String, Tuple2<Double, Integer>>> descriptor() {
    return new MapStateDescriptor<>(
        SilverDeduplicator.LEGACY_STATE,
        Types.LONG,
        Types.MAP(Types.STRING, Types.TUPLE(Types.DOUBLE, Types.INT)));
  }

  /** Receives one entry of layout 1 for the current key. */
  @FunctionalInterface
  interface Entries {
    /** The last value emitted for {@code field} at {@code timestamp}, and its revision. */
    void restore(long timestamp, String field, double value, int revision) throws Exception;
  }

  private LegacyDedupeState() {}

  /**
   * Moves every station's layout-1 entries to {@code into} (with the station set as current key
   * through {@code setKey}) and clears them. Does nothing, and registers no state, when the backend
   * restored none.
   *
   * @return the number of entries moved
   */
  static long migrate(KeyedStateBackend<String> backend, Consumer<Object> setKey, Entries into)
      throws Exception {
    List<String> stations;
    try (Stream<String> keys =
        backend.getKeys(SilverDeduplicator.LEGACY_STATE, VoidNamespace.INSTANCE)) {
      stations = keys.collect(Collectors.toList());
    }
    if (stations.isEmpty()) {
      return 0;
    }
    MapState<Long, Map<String, Tuple2<Double, Integer>>> legacy =
        backend.getPartitionedState(
            VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, descriptor());
    long moved = 0;
    for (String station : stations) {
      setKey.accept(station);
      for (Map.Entry<Long, Map<String, Tuple2<Double, Integer>>> e : legacy.entries()) {
        for (Map.Entry<String, Tuple2<Double, Integer>> v : e.getValue().entrySet()) {
          into.restore(e.getKey(), v.getKey(), v.getValue().f0, v.getValue().f1);
          moved++;
        }
      }
      legacy.clear();
    }
    return moved;
  }
}
