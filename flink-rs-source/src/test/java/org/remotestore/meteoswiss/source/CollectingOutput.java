package org.remotestore.meteoswiss.source;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceOutput;

/** Collects what a reader emits, per split, with timestamps. */
final class CollectingOutput<T> implements ReaderOutput<T> {
  final List<Emitted<T>> emitted = new ArrayList<>();
  final Set<String> openSplits = new HashSet<>();
  final Set<String> releasedSplits = new HashSet<>();

  record Emitted<T>(String splitId, T record, long timestamp) {}

  @Override
  public void collect(T record) {
    throw new AssertionError("records must go through a split output");
  }

  @Override
  public void collect(T record, long timestamp) {
    throw new AssertionError("records must go through a split output");
  }

  @Override
  public void emitWatermark(Watermark watermark) {}

  @Override
  public void markIdle() {}

  @Override
  public void markActive() {}

  @Override
  public SourceOutput<T> createOutputForSplit(String splitId) {
    openSplits.add(splitId);
    return new SourceOutput<>() {
      @Override
      public void collect(T record) {
        throw new AssertionError("records must carry their event time");
      }

      @Override
      public void collect(T record, long timestamp) {
        emitted.add(new Emitted<>(splitId, record, timestamp));
      }

      @Override
      public void emitWatermark(Watermark watermark) {}

      @Override
      public void markIdle() {}

      @Override
      public void markActive() {}
    };
  }

  @Override
  public void releaseOutputForSplit(String splitId) {
    releasedSplits.add(splitId);
  }

  List<T> records() {
    List<T> out = new ArrayList<>();
    for (Emitted<T> e : emitted) {
      out.add(e.record());
    }
    return out;
  }
}
