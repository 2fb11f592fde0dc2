package org.remotestore.meteoswiss.replay;

import java.util.Map;

/** Records the answer of one request before it is sent, so the log never lags the client. */
final class ReplayOutcome {
  private final java.util.function.Consumer<MeteoSwissReplayServer.RequestRecord> log;
  private final String method;
  private final String path;
  private final Map<String, String> headers;
  private boolean committed;

  ReplayOutcome(
      java.util.function.Consumer<MeteoSwissReplayServer.RequestRecord> log,
      String method,
      String path,
      Map<String, String> headers) {
    this.log = log;
    this.method = method;
    this.path = path;
    this.headers = headers;
  }

  void commit(int status, long bodyBytes) {
    if (!committed) {
      committed = true;
      log.accept(
          new MeteoSwissReplayServer.RequestRecord(method, path, status, bodyBytes, headers));
    }
  }
}
