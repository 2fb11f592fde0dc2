package org.remotestore.bench;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.remotestore.ConditionalRead;
import org.remotestore.Registry;
import org.remotestore.RegistryConfig;
import org.remotestore.Store;
import org.remotestore.meteoswiss.replay.MeteoSwissReplayServer;

/**
 * Issue 7, item 6: bytes on the wire and time per unchanged poll of a {@code now} 10-minute file on
 * the replay server, with a conditional GET ({@code If-None-Match}, answered 304) vs a plain GET of
 * the same file, both through our {@code http} backend ({@code Store.readIfChanged}, the plain GET
 * with no validators). A {@link CountingProxy} between client and server counts every byte both
 * ways (request and status lines, headers, bodies); the replay server's own request log gives the
 * body bytes.
 */
final class PollBench {
  static final String FILE = "ber/ogd-smn_ber_t_now.csv";
  private final BenchContext ctx;

  PollBench(BenchContext ctx) {
    this.ctx = ctx;
  }

  void run() throws Exception {
    int polls = Math.max(20, ctx.scaledCount(500));
    // the JDK HttpServer under the replay server leaves Nagle on; its small response writes then
    // wait for the client's delayed ACK (~40 ms per answer with a body), an artefact of the test
    // server that would swamp the time per poll. Read when the JDK server classes first load.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    try (MeteoSwissReplayServer replay =
            MeteoSwissReplayServer.builder()
                .start(Instant.parse("2026-06-15T12:00:00Z"))
                .stations("BER")
                .build()
                .start();
        CountingProxy proxy = CountingProxy.start(replay.port())) {
      String root = proxy.baseUri().resolve(MeteoSwissReplayServer.DATA_PREFIX).toString();
      Registry registry =
          Registry.create(
              RegistryConfig.builder()
                  .backend("feed", "http", Map.of("base-url", root))
                  .store("feed", "feed", "")
                  .build());
      try {
        Store feed = registry.store("feed");
        String etag;
        long fileBytes;
        try (ConditionalRead first = feed.readIfChanged(FILE, null, null)) {
          fileBytes = first.body().readAllBytes().length;
          etag = first.info().etag();
        }
        if (etag == null) {
          throw new IllegalStateException("the replay server sent no ETag for " + FILE);
        }
        Wire conditional = measure(replay, proxy, () -> conditionalPolls(feed, etag, 5), 5);
        Wire plain = measure(replay, proxy, () -> plainPolls(feed, 5, fileBytes), 5);
        String what =
            "unchanged poll of a `now` 10-minute file (BER, "
                + fileBytes
                + " B), "
                + polls
                + " polls per round";
        new Interleaved("poll", what, polls, "polls")
            .add(
                "rs http conditional GET (304)",
                conditional.describe(),
                warm -> Interleaved.time(() -> conditionalPolls(feed, etag, polls)))
            .add(
                "rs http plain GET",
                plain.describe(),
                warm -> Interleaved.time(() -> plainPolls(feed, polls, fileBytes)))
            .runInto(ctx, 1, ctx.rounds());
        ctx.report()
            .note(
                String.format(
                    "poll: bytes on the wire per unchanged poll (request + response, headers"
                        + " included, counted by a TCP proxy): conditional GET %d B (%d B of"
                        + " response, body %d B) vs plain GET %d B (%d B of response, body %d B)"
                        + " = %.0f× fewer bytes; file %d B.",
                    conditional.total(),
                    conditional.response(),
                    conditional.body(),
                    plain.total(),
                    plain.response(),
                    plain.body(),
                    plain.total() / (double) conditional.total(),
                    fileBytes));
      } finally {
        registry.close();
      }
    }
  }

  private static void conditionalPolls(Store feed, String etag, int polls) throws IOException {
    for (int i = 0; i < polls; i++) {
      try (ConditionalRead r = feed.readIfChanged(FILE, etag, null)) {
        if (r.isModified()) {
          throw new IllegalStateException("the unchanged file " + FILE + " was sent again");
        }
      }
    }
  }

  private static void plainPolls(Store feed, int polls, long fileBytes) throws IOException {
    for (int i = 0; i < polls; i++) {
      try (ConditionalRead r = feed.readIfChanged(FILE, null, null)) {
        long n = r.body().readAllBytes().length;
        if (n != fileBytes) {
          throw new IllegalStateException("read " + n + " bytes of " + FILE + ", not " + fileBytes);
        }
      }
    }
  }

  /** Bytes per poll: both directions through the proxy, and bodies as the server recorded them. */
  record Wire(long request, long response, long body) {
    long total() {
      return request + response;
    }

    String describe() {
      return total() + " B/poll on the wire (" + response + " B response, body " + body + " B)";
    }
  }

  private static Wire measure(
      MeteoSwissReplayServer replay,
      CountingProxy proxy,
      Interleaved.ThrowingRunnable polls,
      int count)
      throws Exception {
    replay.clearRequests();
    long up = proxy.bytesToServer();
    long down = proxy.bytesToClient();
    polls.run();
    Thread.sleep(100); // let the pump threads count the last bytes
    List<MeteoSwissReplayServer.RequestRecord> requests = replay.requests();
    if (requests.size() != count) {
      throw new IllegalStateException(
          "expected " + count + " requests at the server, saw " + requests.size());
    }
    long body = requests.stream().mapToLong(MeteoSwissReplayServer.RequestRecord::bodyBytes).sum();
    return new Wire(
        (proxy.bytesToServer() - up) / count, (proxy.bytesToClient() - down) / count, body / count);
  }
}
