package org.remotestore.config;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.remotestore.ConfigException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * The one YAML loader of the project: reads a document into a {@link ConfigDocument} (nested map
 * plus the line of every key) with SnakeYAML's safe constructor, which builds only maps, lists and
 * scalars, never arbitrary classes.
 *
 * <p>A syntax error is a {@link ConfigException} whose key is the source and whose message names
 * the source, line and column; it never quotes the document's text, which may hold secrets. A
 * document that is not a map at the top is an error too; an empty document is an empty map.
 *
 * <pre>{@code
 * ConfigDocument doc = YamlLoader.load(Path.of("job.yaml"));
 * Map<String, Object> flat = doc.flatten(); // feed.poll-interval -> "5 min"
 * int line = doc.line("feed.poll-interval");
 * }</pre>
 */
public final class YamlLoader {

  private YamlLoader() {}

  /** Reads YAML text; {@code source} names it in messages. */
  public static ConfigDocument parse(String yaml, String source) {
    return load(new StringReader(yaml), source);
  }

  /**
   * Reads a YAML file as UTF-8.
   *
   * @throws ConfigException naming the file when it cannot be read or parsed
   */
  public static ConfigDocument load(Path file) {
    String source = file.toString();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return load(reader, source);
    } catch (IOException e) {
      throw new ConfigException(
          source, "Cannot read the configuration file " + source + ": " + e, e);
    }
  }

  /**
   * Reads YAML from {@code reader}, which is not closed; {@code source} names it in messages.
   *
   * @throws ConfigException with {@code source} as key, naming line and column of a syntax error
   */
  public static ConfigDocument load(Reader reader, String source) {
    String name = source == null ? "the YAML configuration" : source;
    Node node;
    Object doc;
    try {
      Constructor constructor = new Constructor();
      node = new Yaml(constructor).compose(reader);
      doc = node == null ? null : constructor.construct(node);
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark();
      String where =
          mark == null
              ? ""
              : " at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
      throw new ConfigException(name, "Malformed YAML in " + name + where + ": " + e.getProblem());
    } catch (YAMLException e) {
      throw new ConfigException(name, "Malformed YAML in " + name);
    }
    if (doc == null) {
      return new ConfigDocument(source, Map.of(), Map.of());
    }
    if (!(doc instanceof Map<?, ?> map)) {
      throw new ConfigException(
          name, "Malformed YAML in " + name + ": expected a map of keys to values at the top");
    }
    Map<String, Object> root = new LinkedHashMap<>();
    map.forEach((k, v) -> root.put(String.valueOf(k), v));
    Map<String, Integer> lines = new LinkedHashMap<>();
    collectLines(node, "", lines);
    return new ConfigDocument(source, root, lines);
  }

  private static void collectLines(Node node, String prefix, Map<String, Integer> lines) {
    if (!(node instanceof MappingNode mapping)) {
      return;
    }
    for (NodeTuple tuple : mapping.getValue()) {
      if (tuple.getKeyNode() instanceof ScalarNode keyNode) {
        String key = prefix + keyNode.getValue();
        lines.putIfAbsent(key, keyNode.getStartMark().getLine() + 1);
        collectLines(tuple.getValueNode(), key + ".", lines);
      }
    }
  }

  /** The safe constructor, made to build the value of an already composed node. */
  private static final class Constructor extends SafeConstructor {
    Constructor() {
      super(new LoaderOptions());
    }

    Object construct(Node node) {
      return constructDocument(node);
    }
  }
}
