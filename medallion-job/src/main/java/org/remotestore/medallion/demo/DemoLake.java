package org.remotestore.medallion.demo;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.remotestore.ConfigException;
import org.remotestore.config.ConfigDocument;
import org.remotestore.config.ConfigFlattener;
import org.remotestore.config.YamlLoader;

/**
 * The demo's {@code --lake rs://<store>/<path>} option: checks the URI and that the {@code rs.}
 * keys define its store, and reads the {@code rs.} keys of a Flink {@code config.yaml} ({@code
 * --config}). Errors name the option; values of keys are never part of a message.
 */
final class DemoLake {
  private DemoLake() {}

  /**
   * The lake URI normalised to end in {@code /}, or {@code null} when none is given.
   *
   * @throws IllegalArgumentException naming {@code --lake} when the URI is not {@code
   *     rs://<store>/...} or no {@code rs.stores.<store>.backend} is given, and naming {@code
   *     --rs.*} when store keys are given without {@code --lake}
   */
  static String check(String lake, Map<String, String> rsKeys) {
    if (lake == null) {
      if (!rsKeys.isEmpty()) {
        throw new IllegalArgumentException(
            "--rs.* and --config configure the store of --lake; give --lake rs://<store>/<path>"
                + " too (without --lake the demo's lake is <data-dir>/lake)");
      }
      return null;
    }
    URI uri;
    try {
      uri = new URI(lake);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("--lake: '" + lake + "' is not a URI: " + e.getMessage());
    }
    String store = uri.getAuthority();
    if (!"rs".equals(uri.getScheme()) || store == null || store.isEmpty()) {
      throw new IllegalArgumentException(
          "--lake must be rs://<store>/<path> (for example rs://lake/ or rs://lake/demo/), got '"
              + lake
              + "'");
    }
    if (!rsKeys.containsKey("rs.stores." + store + ".backend")) {
      Map<String, String> stores = new TreeMap<>();
      rsKeys.keySet().stream()
          .filter(k -> k.startsWith("rs.stores.") && k.endsWith(".backend"))
          .forEach(k -> stores.put(k.substring(10, k.length() - 8), ""));
      throw new IllegalArgumentException(
          "--lake "
              + lake
              + " names store '"
              + store
              + "', but no rs.stores."
              + store
              + ".backend is given (--rs.stores."
              + store
              + ".backend <backend> with its --rs.backends.<backend>.* keys, or --config"
              + " <config.yaml>); configured stores: "
              + stores.keySet());
    }
    return lake.endsWith("/") ? lake : lake + "/";
  }

  /**
   * The {@code rs.} keys of a Flink {@code config.yaml} (nested or flat; {@code ${VAR}} kept as
   * written, resolved by the registry).
   *
   * @throws IllegalArgumentException naming {@code --config}, the file and the line
   */
  static Map<String, String> rsKeysOf(Path configYaml) {
    Map<String, String> keys = new TreeMap<>();
    try {
      ConfigDocument doc = YamlLoader.load(configYaml);
      for (Map.Entry<String, Object> e : doc.flatten().entrySet()) {
        if (e.getKey().startsWith("rs.")) {
          keys.put(e.getKey(), ConfigFlattener.scalar(e.getValue(), e.getKey()));
        }
      }
    } catch (ConfigException e) {
      throw new IllegalArgumentException("--config: " + e.getMessage(), e);
    }
    return keys;
  }
}
