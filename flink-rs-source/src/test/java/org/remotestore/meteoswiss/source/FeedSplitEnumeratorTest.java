package org.remotestore.meteoswiss.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import org.apache.flink.api.connector.source.ReaderInfo;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.SplitsAssignment;
import org.apache.flink.metrics.groups.SplitEnumeratorMetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.FlinkRuntimeException;
import org.junit.jupiter.api.Test;
import org.remotestore.meteoswiss.Granularity;

class FeedSplitEnumeratorTest {
  final Clock clock = Clock.fixed(Instant.parse("2026-03-10T12:00:00Z"), ZoneOffset.UTC);

  /** A context where the test runs the periodic discovery by hand. */
  static final class Context implements SplitEnumeratorContext<FeedSplit> {
    final int parallelism;
    final Map<Integer, ReaderInfo> readers = new HashMap<>();
    final Map<Integer, List<FeedSplit>> assigned = new HashMap<>();
    final Set<Integer> noMoreSplits = new HashSet<>();
    Callable<Object> discovery;
    BiConsumer<Object, Throwable> handler;
    long period;

    Context(int parallelism) {
      this.parallelism = parallelism;
    }

    @SuppressWarnings("unchecked")
    void runDiscovery() {
      Object result = null;
      Throwable error = null;
      try {
        result = discovery.call();
      } catch (Throwable t) {
        error = t;
      }
      handler.accept(result, error);
    }

    void register(int subtask) {
      readers.put(subtask, new ReaderInfo(subtask, "localhost"));
    }

    @Override
    public SplitEnumeratorMetricGroup metricGroup() {
      return UnregisteredMetricsGroup.createSplitEnumeratorMetricGroup();
    }

    @Override
    public void sendEventToSourceReader(int subtaskId, SourceEvent event) {}

    @Override
    public int currentParallelism() {
      return parallelism;
    }

    @Override
    public Map<Integer, ReaderInfo> registeredReaders() {
      return readers;
    }

    @Override
    public void assignSplits(SplitsAssignment<FeedSplit> newSplitAssignments) {
      newSplitAssignments
          .assignment()
          .forEach((k, v) -> assigned.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
    }

    @Override
    public void signalNoMoreSplits(int subtask) {
      noMoreSplits.add(subtask);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> void callAsync(Callable<T> callable, BiConsumer<T, Throwable> h) {
      callAsync(callable, h, 0, 0);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> void callAsync(
        Callable<T> callable, BiConsumer<T, Throwable> h, long initialDelay, long period) {
      this.discovery = (Callable<Object>) callable;
      this.handler = (BiConsumer<Object, Throwable>) h;
      this.period = period;
    }

    @Override
    public void runInCoordinatorThread(Runnable runnable) {
      runnable.run();
    }

    int totalAssigned() {
      return assigned.values().stream().mapToInt(List::size).sum();
    }
  }

  MeteoSwissSource.Builder<?> builder() {
    return MeteoSwissSource.builder()
        .discovery(StationDiscovery.STAC)
        .granularity(Granularity.T)
        .maxConsecutiveDiscoveryFailures(2)
        .discoveryInterval(Duration.ofMinutes(30))
        .storeFactory(
            url -> {
              throw new IOException("unused");
            });
  }

  @Test
  void assignsEachStationOnceToAStableReaderAndAddsNewStationsLater() throws Exception {
    List<List<DiscoveredStation>> answers = new ArrayList<>();
    answers.add(List.of(DiscoveredStation.of("BER"), DiscoveredStation.of("KLO")));
    answers.add(
        List.of(
            DiscoveredStation.of("BER"), DiscoveredStation.of("KLO"), DiscoveredStation.of("SMA")));
    StationListerFactory lister = c -> () -> answers.remove(0);
    Context ctx = new Context(2);
    ctx.register(0);
    ctx.register(1);
    var e =
        new FeedSplitEnumerator(
            ctx, builder().buildConfig(), lister, clock, EnumeratorState.initial());
    e.start();
    ctx.runDiscovery();
    assertThat(ctx.totalAssigned()).isEqualTo(2);
    ctx.runDiscovery();
    assertThat(ctx.totalAssigned()).isEqualTo(3);
    ctx.assigned.forEach(
        (reader, splits) ->
            splits.forEach(
                s -> assertThat(Math.floorMod(s.splitId().hashCode(), 2)).isEqualTo(reader)));
    assertThat(ctx.noMoreSplits).as("continuous sources never end").isEmpty();
    assertThat(e.snapshotState(1).knownSplitIds())
        .containsExactlyInAnyOrder("ber/t", "klo/t", "sma/t");
  }

  @Test
  void toleratesABoundedNumberOfDiscoveryFailuresInARow() {
    int[] calls = {0};
    StationListerFactory lister =
        c ->
            () -> {
              calls[0]++;
              if (calls[0] == 3) {
                return List.of(DiscoveredStation.of("BER"));
              }
              throw new IOException("STAC answered 500");
            };
    Context ctx = new Context(1);
    ctx.register(0);
    var e =
        new FeedSplitEnumerator(
            ctx, builder().buildConfig(), lister, clock, EnumeratorState.initial());
    e.start();
    ctx.runDiscovery();
    ctx.runDiscovery();
    ctx.runDiscovery();
    assertThat(ctx.totalAssigned()).isEqualTo(1);
    ctx.runDiscovery();
    ctx.runDiscovery();
    assertThatThrownBy(ctx::runDiscovery)
        .isInstanceOf(FlinkRuntimeException.class)
        .hasMessageContaining("3 times in a row");
  }

  @Test
  void boundedModeSignalsTheEndAndReassignsReturnedSplits() throws Exception {
    StationListerFactory lister = c -> () -> List.of(DiscoveredStation.of("BER"));
    Context ctx = new Context(1);
    var e =
        new FeedSplitEnumerator(
            ctx,
            builder().bounded(true).stations("BER").discovery(StationDiscovery.STAC).buildConfig(),
            lister,
            clock,
            EnumeratorState.initial());
    e.start();
    ctx.runDiscovery();
    assertThat(ctx.totalAssigned()).as("no reader registered yet").isZero();
    EnumeratorState state = e.snapshotState(1);
    assertThat(state.unassigned()).hasSize(1);

    var restored =
        new FeedSplitEnumerator(ctx, builder().bounded(true).buildConfig(), lister, clock, state);
    restored.start();
    ctx.register(0);
    restored.addReader(0);
    assertThat(ctx.totalAssigned()).isEqualTo(1);
    assertThat(ctx.noMoreSplits).containsExactly(0);

    FeedSplit split = ctx.assigned.get(0).get(0);
    assertThat(split.pendingFiles()).containsExactly("ber/ogd-smn_ber_t_now.csv");
    restored.addSplitsBack(List.of(split), 0);
    restored.addReader(0);
    assertThat(ctx.totalAssigned()).isEqualTo(2);
  }
}
