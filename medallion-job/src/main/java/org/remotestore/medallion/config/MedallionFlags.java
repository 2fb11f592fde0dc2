package org.remotestore.medallion.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The command line of the medallion job: {@code --config <file.yaml>} and flags {@code --<key>
 * <value>}, {@code --<key>=<value>} or {@code -D<key>=<value>}, in order (a later flag wins). Two
 * short flags name a key: {@code --lake} is {@code lake.path} and {@code --checkpoints} is {@code
 * checkpoints.path}; messages about their values name the flag as it was given.
 *
 * @param configFile the file of {@code --config}, or {@code null}
 * @param values the flags by key, without {@code --} or {@code -D}
 * @param spelled for a key given through a short flag, that flag (without {@code --})
 */
record MedallionFlags(Path configFile, Map<String, String> values, Map<String, String> spelled) {

  /** The short flags and the keys they set. */
  static final Map<String, String> SHORT_FLAGS =
      Map.of("lake", MedallionConfig.LAKE_PATH, "checkpoints", MedallionConfig.CHECKPOINTS_PATH);

  MedallionFlags {
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    spelled = Collections.unmodifiableMap(new LinkedHashMap<>(spelled));
  }

  /** The origin of a flag's value in messages: {@code (flag --key)}. */
  static String origin(String key) {
    return "(flag --" + key + ")";
  }

  /** The origin of {@code key}'s value in messages, naming the flag as it was given. */
  String originOf(String key) {
    return origin(spelled.getOrDefault(key, key));
  }

  /**
   * Parses the command line.
   *
   * @throws MedallionConfigException naming the flag that has no value or the unexpected argument
   */
  static MedallionFlags parse(String... args) {
    Map<String, String> flags = new LinkedHashMap<>();
    Map<String, String> spelled = new LinkedHashMap<>();
    Path file = null;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String key;
      String value;
      if (arg.startsWith("-D") && arg.length() > 2) {
        int eq = arg.indexOf('=');
        if (eq < 0) {
          throw new MedallionConfigException(
              arg.substring(2), "Flag " + arg + " has no value (expected -D<key>=<value>)");
        }
        key = arg.substring(2, eq);
        value = arg.substring(eq + 1);
      } else if (arg.startsWith("--") && arg.length() > 2) {
        int eq = arg.indexOf('=');
        if (eq > 0) {
          key = arg.substring(2, eq);
          value = arg.substring(eq + 1);
        } else {
          key = arg.substring(2);
          if (i + 1 >= args.length) {
            throw new MedallionConfigException(key, "Flag " + arg + " has no value");
          }
          value = args[++i];
        }
      } else {
        throw new MedallionConfigException(
            arg,
            "Unexpected argument '"
                + arg
                + "': expected --config <file>, --<key> <value>, --<key>=<value> or -D<key>=<value>");
      }
      if (key.equals("config")) {
        file = Path.of(value);
      } else if (SHORT_FLAGS.containsKey(key)) {
        flags.put(SHORT_FLAGS.get(key), value);
        spelled.put(SHORT_FLAGS.get(key), key);
      } else {
        flags.put(key, value);
        spelled.remove(key);
      }
    }
    return new MedallionFlags(file, flags, spelled);
  }
}
