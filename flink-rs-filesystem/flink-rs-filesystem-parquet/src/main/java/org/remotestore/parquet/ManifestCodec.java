package org.remotestore.parquet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@link DatasetManifest} to and from {@code manifest.json} (snake_case fields, format 1). */
final class ManifestCodec {
  static final int FORMAT_VERSION = 1;
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ManifestCodec() {}

  static byte[] write(DatasetManifest m) {
    ObjectNode root = JSON.createObjectNode();
    root.put("format_version", FORMAT_VERSION);
    root.put("key", m.key());
    root.put("run_id", m.runId());
    root.put("created", m.created().toString());
    root.put("row_count", m.rowCount());
    root.put("compression", m.compression());
    root.put("schema_hash", m.schemaHash());
    root.put("schema", m.schema());
    ArrayNode parts = root.putArray("parts");
    for (DatasetManifest.Part p : m.parts()) {
      parts.addObject().put("path", p.path()).put("rows", p.rows()).put("bytes", p.bytes());
    }
    ObjectNode metadata = root.putObject("metadata");
    new java.util.TreeMap<>(m.metadata()).forEach(metadata::put);
    try {
      return JSON.writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Parses a manifest.
   *
   * @throws ManifestCorrupted naming the dataset when the bytes are not a valid manifest
   */
  static DatasetManifest read(byte[] bytes, String backend, String key) throws ManifestCorrupted {
    try {
      JsonNode root = JSON.readTree(bytes);
      if (root == null || !root.isObject()) {
        throw new IOException("not a JSON object");
      }
      int version = integer(root, "format_version").intValue();
      if (version != FORMAT_VERSION) {
        throw new IOException("unknown format_version " + version);
      }
      List<DatasetManifest.Part> parts = new ArrayList<>();
      JsonNode partsNode = field(root, "parts");
      if (!partsNode.isArray()) {
        throw new IOException("'parts' is not an array");
      }
      long sum = 0;
      for (JsonNode p : partsNode) {
        DatasetManifest.Part part =
            new DatasetManifest.Part(text(p, "path"), integer(p, "rows"), integer(p, "bytes"));
        if (part.path().contains("/") || part.path().startsWith(".")) {
          throw new IOException("part path '" + part.path() + "' leaves the dataset folder");
        }
        parts.add(part);
        sum += part.rows();
      }
      long rowCount = integer(root, "row_count");
      if (sum != rowCount) {
        throw new IOException("row_count " + rowCount + " differs from the parts' sum " + sum);
      }
      Map<String, String> metadata = new LinkedHashMap<>();
      JsonNode meta = field(root, "metadata");
      if (!meta.isObject()) {
        throw new IOException("'metadata' is not an object");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = meta.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!e.getValue().isTextual()) {
          throw new IOException("metadata '" + e.getKey() + "' is not a string");
        }
        metadata.put(e.getKey(), e.getValue().asText());
      }
      return new DatasetManifest(
          text(root, "key"),
          parts,
          rowCount,
          text(root, "schema_hash"),
          text(root, "schema"),
          text(root, "compression"),
          Instant.parse(text(root, "created")),
          text(root, "run_id"),
          metadata);
    } catch (IOException | DateTimeParseException | IllegalArgumentException e) {
      throw new ManifestCorrupted(
          "Corrupted manifest of dataset '"
              + key
              + "': "
              + e.getMessage().lines().findFirst().orElse(""),
          backend,
          key,
          e);
    }
  }

  private static JsonNode field(JsonNode node, String name) throws IOException {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      throw new IOException("missing field '" + name + "'");
    }
    return v;
  }

  private static String text(JsonNode node, String name) throws IOException {
    JsonNode v = field(node, name);
    if (!v.isTextual()) {
      throw new IOException("field '" + name + "' is not a string");
    }
    return v.asText();
  }

  private static Long integer(JsonNode node, String name) throws IOException {
    JsonNode v = field(node, name);
    if (!v.isIntegralNumber()) {
      throw new IOException("field '" + name + "' is not an integer");
    }
    return v.asLong();
  }

  static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
