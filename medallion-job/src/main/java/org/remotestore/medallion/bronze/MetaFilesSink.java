package org.remotestore.medallion.bronze;

import java.io.IOException;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.fs.Path;
import org.remotestore.ext.observe.ObservedStore;
import org.remotestore.flink.FlinkMetricsObserver;
import org.remotestore.meteoswiss.source.FeedStoreFactory;

/**
 * A sink of ticks: on every tick it checks the feed's metadata files and copies the changed ones
 * into the lake ({@link MetaFilesCopier}). Fed by a rate-limited tick source at parallelism 1, it
 * is the job's metadata poller. Its reads of the feed are counted in the writer's Flink metric
 * group ({@link FlinkMetricsObserver}, group {@code remote_store}). It holds no state: after a
 * restart every file is copied once more (an idempotent overwrite) and then only when its ETag
 * changes.
 */
public final class MetaFilesSink implements Sink<Long> {
  private static final long serialVersionUID = 1L;

  private final String feedBaseUrl;
  private final FeedStoreFactory storeFactory;
  private final String folder;

  /**
   * Creates the sink.
   *
   * @param feedBaseUrl the feed's data root
   * @param storeFactory opens a store at the data root (use an uncached one)
   * @param folder the lake folder ({@code rs://lake/bronze/meta}), on any Flink file system
   */
  public MetaFilesSink(String feedBaseUrl, FeedStoreFactory storeFactory, Path folder) {
    this.feedBaseUrl = feedBaseUrl;
    this.storeFactory = storeFactory;
    this.folder = folder.toString();
  }

  @Override
  public SinkWriter<Long> createWriter(WriterInitContext context) throws IOException {
    FeedStoreFactory.OpenedStore opened = storeFactory.open(feedBaseUrl);
    // the writer's feed operations are counted in its Flink metric group too
    FeedStoreFactory.OpenedStore feed =
        new FeedStoreFactory.OpenedStore(
            ObservedStore.wrap(
                opened.store(), FlinkMetricsObserver.register(context.metricGroup())),
            opened);
    return new Writer(feed, MetaFilesTarget.of(new Path(folder)));
  }

  private static final class Writer implements SinkWriter<Long> {
    private final FeedStoreFactory.OpenedStore feed;
    private final MetaFilesTarget target;
    private final MetaFilesCopier copier;

    Writer(FeedStoreFactory.OpenedStore feed, MetaFilesTarget target) {
      this.feed = feed;
      this.target = target;
      this.copier = new MetaFilesCopier(feed.store(), target);
    }

    @Override
    public void write(Long tick, Context context) {
      copier.copyChanged();
    }

    @Override
    public void flush(boolean endOfInput) {}

    @Override
    public void close() throws Exception {
      try {
        target.close();
      } finally {
        feed.close();
      }
    }
  }
}
