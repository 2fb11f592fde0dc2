package org.remotestore.meteoswiss.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.remotestore.ext.cache.CacheStats;
import org.remotestore.meteoswiss.FeedFile;
import org.remotestore.meteoswiss.replay.MeteoSwissReplayServer;

class HttpFeedStoresTest {

  @Test
  void cacheStatsSumTheFeedCachesOpenAndClosed() throws Exception {
    try (MeteoSwissReplayServer replay =
        MeteoSwissReplayServer.builder()
            .start(Instant.parse("2026-06-15T09:05:00Z"))
            .stations("GVE")
            .build()
            .start()) {
      CacheStats before = HttpFeedStores.cacheStats();
      try (FeedStoreFactory.OpenedStore opened =
          HttpFeedStores.standard().open(replay.dataRoot().toString())) {
        byte[] first = opened.store().readBytes(FeedFile.META_STATIONS);
        byte[] second = opened.store().readBytes(FeedFile.META_STATIONS);
        assertThat(second).isEqualTo(first);
        CacheStats open = HttpFeedStores.cacheStats();
        assertThat(open.misses() - before.misses()).isEqualTo(1);
        assertThat(open.hits() - before.hits()).isEqualTo(1);
        assertThat(open.entries() - before.entries()).isEqualTo(1);
      }
      CacheStats closed = HttpFeedStores.cacheStats();
      assertThat(closed.misses() - before.misses()).as("kept after close").isEqualTo(1);
      assertThat(closed.hits() - before.hits()).isEqualTo(1);
    }
  }
}
