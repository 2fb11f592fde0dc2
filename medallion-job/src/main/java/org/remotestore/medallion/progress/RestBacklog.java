package org.remotestore.medallion.progress;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.JobID;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads the MeteoSwiss source's {@link Backlog} of a running job from Flink's REST API (the web
 * UI's port): the source vertex's subtask metrics, summed over the readers ({@code eventTimeMs}:
 * the smallest one reported). Works against any JobManager, a MiniCluster's included.
 */
public final class RestBacklog {
  /** The source's name in the job graph ({@code Source: meteoswiss ...}). */
  public static final String SOURCE_VERTEX_PREFIX = "Source: meteoswiss";

  private static final String[] METRICS = {
    "filesRead", "backlogFiles", "backlogSplits", "rowsEmitted", "bytesReceived", "eventTimeMs"
  };

  private final URI rest;
  private final JobID job;
  private final HttpClient http;
  private final ObjectMapper json = new ObjectMapper();
  private String vertex;
  private Map<String, String> metricIds;

  /** Reads from the REST endpoint {@code rest} ({@code http://host:port}) about {@code job}. */
  public RestBacklog(URI rest, JobID job) {
    this.rest = rest;
    this.job = job;
    // HTTP/1.1: an h2c upgrade request makes Flink's REST endpoint wait
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  /**
   * The backlog now; empty while the job's source has not reported its metrics yet (or the job is
   * gone).
   */
  public Optional<Backlog> read() throws IOException, InterruptedException {
    if (vertex == null) {
      vertex = sourceVertex();
      if (vertex == null) {
        return Optional.empty();
      }
    }
    String base = "/jobs/" + job + "/vertices/" + vertex + "/subtasks/metrics";
    if (metricIds == null || metricIds.size() < METRICS.length) {
      metricIds = new HashMap<>();
      for (JsonNode m : get(base)) {
        String id = m.path("id").asText();
        for (String name : METRICS) {
          if (id.endsWith("." + name) || id.equals(name)) {
            metricIds.put(name, id);
          }
        }
      }
      if (metricIds.size() < METRICS.length) {
        return Optional.empty();
      }
    }
    Map<String, JsonNode> values = new HashMap<>();
    for (JsonNode m : get(base + "?get=" + String.join(",", metricIds.values()) + "&agg=sum,min")) {
      values.put(m.path("id").asText(), m);
    }
    return Optional.of(
        new Backlog(
            sum(values, "filesRead"),
            sum(values, "backlogFiles"),
            sum(values, "backlogSplits"),
            sum(values, "rowsEmitted"),
            sum(values, "bytesReceived"),
            (long) value(values, "eventTimeMs", "min")));
  }

  private String sourceVertex() throws IOException, InterruptedException {
    for (JsonNode v : get("/jobs/" + job).path("vertices")) {
      if (v.path("name").asText().startsWith(SOURCE_VERTEX_PREFIX)) {
        return v.path("id").asText();
      }
    }
    return null;
  }

  private long sum(Map<String, JsonNode> values, String name) {
    return (long) value(values, name, "sum");
  }

  private double value(Map<String, JsonNode> values, String name, String agg) {
    JsonNode m = values.get(metricIds.get(name));
    return m == null ? 0 : m.path(agg).asDouble(0);
  }

  private JsonNode get(String path) throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(rest.resolve(path)).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException("Flink REST " + path + " answered " + r.statusCode());
    }
    return json.readTree(r.body());
  }
}
