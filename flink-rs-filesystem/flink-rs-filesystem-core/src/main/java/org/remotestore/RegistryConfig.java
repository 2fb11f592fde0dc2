package org.remotestore;

import java.io.Reader;
import java.io.StringReader;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.remotestore.config.ConfigDocument;
import org.remotestore.config.EnvSubstitution;
import org.remotestore.config.YamlLoader;

/**
 * The immutable configuration of a {@link Registry}: named backends ({@link BackendConfig}) and
 * named stores ({@link StoreProfile}) that live on them.
 *
 * <p>Three equivalent forms are read:
 *
 * <ul>
 *   <li>in code, with {@link #builder()};
 *   <li>flat Flink-style keys, with {@link #fromFlatKeys(Map)}: {@code rs.backends.<b>.type},
 *       {@code rs.backends.<b>.<option>}, {@code rs.stores.<s>.backend}, {@code
 *       rs.stores.<s>.root-path}, {@code rs.stores.<s>.<option>};
 *   <li>nested maps as parsed from YAML or JSON, with {@link #fromMap(Map)} or {@link
 *       #fromYaml(String)}: {@code {backends: {lake: {type: local, root: /x}}, stores: {bronze:
 *       {backend: lake, root-path: bronze}}}}, optionally wrapped in a top-level {@code rs:}.
 * </ul>
 *
 * <p>Every error is a {@link ConfigException} naming the key at fault, such as {@code
 * rs.stores.bronze.backend} or {@code rs.backends.lake.type}. Whether a backend type exists and
 * which options it accepts is checked by {@link Registry#create(RegistryConfig)}, which knows the
 * installed backend factories. {@link #toString()} masks secret options.
 *
 * <p>In every form, values may hold {@code ${NAME}} and {@code ${NAME:-default}}, resolved when the
 * configuration is built, from the environment and then the Java system properties by default
 * ({@link EnvSubstitution}; tests inject another lookup with {@link Builder#variables} or the
 * overloads taking one). YAML is read with the project's one {@link YamlLoader}; {@link
 * #fromDocument} names the file and line of a key at fault.
 */
public final class RegistryConfig {

  /** The prefix of every flat key. */
  public static final String PREFIX = "rs.";

  /** The option naming a backend's type. */
  public static final String TYPE = "type";

  /** The store option naming its backend. */
  public static final String BACKEND = "backend";

  /** The store option naming its root path inside the backend. */
  public static final String ROOT_PATH = "root-path";

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");

  private final Map<String, BackendConfig> backends;
  private final Map<String, StoreProfile> stores;

  private RegistryConfig(Map<String, BackendConfig> backends, Map<String, StoreProfile> stores) {
    this.backends = Collections.unmodifiableMap(new TreeMap<>(backends));
    this.stores = Collections.unmodifiableMap(new TreeMap<>(stores));
  }

  /** A builder for configuration in code. */
  public static Builder builder() {
    return new Builder();
  }

  /** The backends by name, sorted. */
  public Map<String, BackendConfig> backends() {
    return backends;
  }

  /** The stores by name, sorted. */
  public Map<String, StoreProfile> stores() {
    return stores;
  }

  /**
   * The backend named {@code name}.
   *
   * @throws ConfigException naming {@code rs.backends.<name>} when there is none
   */
  public BackendConfig backend(String name) {
    BackendConfig config = backends.get(name);
    if (config == null) {
      String key = PREFIX + "backends." + name;
      throw new ConfigException(
          key, "Unknown backend '" + name + "' (" + key + "); configured: " + backends.keySet());
    }
    return config;
  }

  /**
   * The store named {@code name}.
   *
   * @throws ConfigException naming {@code rs.stores.<name>} when there is none
   */
  public StoreProfile store(String name) {
    StoreProfile profile = stores.get(name);
    if (profile == null) {
      String key = PREFIX + "stores." + name;
      throw new ConfigException(
          key, "Unknown store '" + name + "' (" + key + "); configured: " + stores.keySet());
    }
    return profile;
  }

  /**
   * This configuration as flat keys, the inverse of {@link #fromFlatKeys(Map)}. Contains secret
   * values: never print it.
   */
  public Map<String, String> toFlatKeys() {
    Map<String, String> out = new TreeMap<>();
    for (BackendConfig b : backends.values()) {
      out.put(b.key(TYPE), b.type());
      b.options().forEach((k, v) -> out.put(b.key(k), v));
    }
    for (StoreProfile s : stores.values()) {
      out.put(s.key(BACKEND), s.backend());
      out.put(s.key(ROOT_PATH), s.rootPath());
      s.options().forEach((k, v) -> out.put(s.key(k), v));
    }
    return out;
  }

  // ---------------------------------------------------------------- reading

  /**
   * Reads flat keys. Only keys starting with {@code rs.backends.} and {@code rs.stores.} are read;
   * other {@code rs.*} keys belong to other layers (such as the Flink file system) and keys without
   * the {@code rs.} prefix are ignored. Values may hold {@code ${NAME}} references, resolved by
   * {@link EnvSubstitution#system()}.
   *
   * @throws ConfigException naming the key when a key is malformed or a value missing, or when the
   *     resulting configuration is invalid
   */
  public static RegistryConfig fromFlatKeys(Map<String, String> keys) {
    return fromFlatKeys(keys, EnvSubstitution.system());
  }

  /**
   * Reads flat keys as {@link #fromFlatKeys(Map)} does, resolving {@code ${NAME}} references with
   * {@code variables}.
   */
  public static RegistryConfig fromFlatKeys(Map<String, String> keys, EnvSubstitution variables) {
    return RegistryConfigReader.fromFlatKeys(keys, variables);
  }

  /**
   * Reads nested maps as parsed from YAML or JSON: {@code backends} and {@code stores} sections,
   * optionally inside a top-level {@code rs} entry (then the other top-level entries are ignored,
   * so a whole Flink {@code config.yaml} can be given). Top-level flat keys starting with {@code
   * rs.} are also read; a document holding such keys is taken as a Flink configuration, whose other
   * entries are ignored. Nested option maps become dotted option names (a store's {@code cache:
   * {ttl: 5m}} is its option {@code cache.ttl}); lists become comma-separated values; {@code null}
   * values are treated as absent.
   *
   * @throws ConfigException naming the key at fault
   */
  public static RegistryConfig fromMap(Map<String, ?> map) {
    return fromMap(map, EnvSubstitution.system());
  }

  /**
   * Reads nested maps as {@link #fromMap(Map)} does, resolving {@code ${NAME}} references with
   * {@code variables}.
   */
  public static RegistryConfig fromMap(Map<String, ?> map, EnvSubstitution variables) {
    return RegistryConfigReader.fromMap(map, variables);
  }

  /**
   * Reads YAML, in the nested form of {@link #fromMap(Map)}, with the shared {@link YamlLoader}
   * (safe constructor, no arbitrary classes). A syntax error names line and column, never the text.
   */
  public static RegistryConfig fromYaml(String yaml) {
    return fromYaml(new StringReader(Objects.requireNonNull(yaml, "yaml")));
  }

  /**
   * Reads YAML as {@link #fromYaml(String)} does, resolving {@code ${NAME}} references with {@code
   * variables}.
   */
  public static RegistryConfig fromYaml(String yaml, EnvSubstitution variables) {
    return fromYaml(new StringReader(Objects.requireNonNull(yaml, "yaml")), variables);
  }

  /** Reads YAML from a reader; see {@link #fromYaml(String)}. The reader is not closed. */
  public static RegistryConfig fromYaml(Reader reader) {
    return fromYaml(reader, EnvSubstitution.system());
  }

  /**
   * Reads YAML from a reader, resolving {@code ${NAME}} references with {@code variables}. The
   * reader is not closed.
   */
  public static RegistryConfig fromYaml(Reader reader, EnvSubstitution variables) {
    return RegistryConfigReader.fromYaml(reader, variables);
  }

  /**
   * Reads a document loaded by {@link YamlLoader} (for example {@code
   * YamlLoader.load(Path.of("rs.yaml"))}), in the form of {@link #fromMap(Map)}. Errors name the
   * key and where it is written: {@code rs.stores.x.backend ... (rs.yaml line 7)}.
   */
  public static RegistryConfig fromDocument(ConfigDocument document, EnvSubstitution variables) {
    return RegistryConfigReader.fromDocument(document, variables);
  }

  // ---------------------------------------------------------------- object methods

  @Override
  public boolean equals(Object o) {
    return o instanceof RegistryConfig other
        && other.backends.equals(backends)
        && other.stores.equals(stores);
  }

  @Override
  public int hashCode() {
    return Objects.hash(backends, stores);
  }

  /** Shows backends and stores with every secret option masked. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("RegistryConfig{backends=[");
    String sep = "";
    for (BackendConfig b : backends.values()) {
      sb.append(sep).append(b);
      sep = ", ";
    }
    sb.append("], stores=[");
    sep = "";
    for (StoreProfile s : stores.values()) {
      Map<String, String> shown = new TreeMap<>();
      s.options().forEach((k, v) -> shown.put(k, BackendConfig.isSecret(k) ? "****" : v));
      sb.append(sep)
          .append("StoreProfile{name=")
          .append(s.name())
          .append(", backend=")
          .append(s.backend())
          .append(", root-path=")
          .append(s.rootPath())
          .append(", options=")
          .append(shown)
          .append('}');
      sep = ", ";
    }
    return sb.append("]}").toString();
  }

  // ---------------------------------------------------------------- builder

  /** Collects backends and stores; {@link #build()} validates. Not thread-safe. */
  public static final class Builder {
    private final Map<String, String> backendTypes = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> backendOptions = new LinkedHashMap<>();
    private final Map<String, String> storeBackends = new LinkedHashMap<>();
    private final Map<String, String> storeRoots = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> storeOptions = new LinkedHashMap<>();
    private EnvSubstitution variables = EnvSubstitution.system();

    private Builder() {}

    /**
     * Sets how {@code ${NAME}} and {@code ${NAME:-default}} in values are resolved by {@link
     * #build()}; {@link EnvSubstitution#system()} (environment, then system properties) unless set.
     */
    public Builder variables(EnvSubstitution variables) {
      this.variables = Objects.requireNonNull(variables, "variables");
      return this;
    }

    /** Adds a backend without options. */
    public Builder backend(String name, String type) {
      return backend(name, type, Map.of());
    }

    /**
     * Adds a backend.
     *
     * @param name the backend name, letters, digits, {@code -} and {@code _}
     * @param type its type, for example {@code local}
     * @param options its options without the {@code rs.backends.<name>.} prefix
     */
    public Builder backend(String name, String type, Map<String, String> options) {
      backendType(name, type);
      declareBackend(name);
      options.forEach((k, v) -> backendOption(name, k, v));
      return this;
    }

    /**
     * Adds a backend from an existing configuration. Its values are taken literally: they are not
     * resolved again.
     */
    public Builder backend(BackendConfig config) {
      return backend(
          config.name(), EnvSubstitution.escape(config.type()), escaped(config.options()));
    }

    /** Sets one option of a backend, declaring the backend if needed. */
    public Builder backendOption(String backend, String option, String value) {
      Objects.requireNonNull(option, "option");
      String key = PREFIX + "backends." + backend + "." + option;
      if (option.equals(TYPE)) {
        return backendType(backend, value);
      }
      if (value == null) {
        throw new ConfigException(key, "No value for " + key);
      }
      declareBackend(backend).put(option, value);
      return this;
    }

    Builder backendType(String backend, String type) {
      declareBackend(backend);
      backendTypes.put(backend, type);
      return this;
    }

    Map<String, String> declareBackend(String backend) {
      return backendOptions.computeIfAbsent(
          Objects.requireNonNull(backend, "backend name"), k -> new LinkedHashMap<>());
    }

    /** Adds a store without options. */
    public Builder store(String name, String backend, String rootPath) {
      return store(name, backend, rootPath, Map.of());
    }

    /**
     * Adds a store.
     *
     * @param name the store name (the authority of {@code rs://<name>/})
     * @param backend the backend it lives on
     * @param rootPath its root inside the backend, {@code ""} or {@code null} for the backend root
     * @param options further store options
     */
    public Builder store(
        String name, String backend, String rootPath, Map<String, String> options) {
      declareStore(name);
      storeBackends.put(name, backend);
      storeRoots.put(name, rootPath == null ? "" : rootPath);
      options.forEach((k, v) -> storeOption(name, k, v));
      return this;
    }

    /**
     * Adds a store from an existing profile. Its values are taken literally: they are not resolved
     * again.
     */
    public Builder store(StoreProfile profile) {
      return store(
          profile.name(),
          EnvSubstitution.escape(profile.backend()),
          EnvSubstitution.escape(profile.rootPath()),
          escaped(profile.options()));
    }

    private static Map<String, String> escaped(Map<String, String> options) {
      Map<String, String> out = new LinkedHashMap<>();
      options.forEach((k, v) -> out.put(k, EnvSubstitution.escape(v)));
      return out;
    }

    /** Sets one option of a store, declaring the store if needed. */
    public Builder storeOption(String store, String option, String value) {
      String key = PREFIX + "stores." + store + "." + option;
      if (option.equals(BACKEND) || option.equals(ROOT_PATH)) {
        return storeKey(store, option, value);
      }
      if (value == null) {
        throw new ConfigException(key, "No value for " + key);
      }
      declareStore(store).put(option, value);
      return this;
    }

    Builder storeKey(String store, String option, String value) {
      declareStore(store);
      switch (option) {
        case BACKEND -> storeBackends.put(store, value);
        case ROOT_PATH -> storeRoots.put(store, value == null ? "" : value);
        default -> storeOption(store, option, value);
      }
      return this;
    }

    Map<String, String> declareStore(String store) {
      return storeOptions.computeIfAbsent(
          Objects.requireNonNull(store, "store name"), k -> new LinkedHashMap<>());
    }

    /**
     * Validates and builds.
     *
     * @throws ConfigException naming the key at fault: a malformed name ({@code
     *     rs.backends.<name>}), a backend without type ({@code rs.backends.<name>.type}), a store
     *     without or with an unknown backend ({@code rs.stores.<name>.backend}), an invalid root
     *     path ({@code rs.stores.<name>.root-path})
     */
    public RegistryConfig build() {
      Map<String, BackendConfig> backends = new TreeMap<>();
      for (Map.Entry<String, Map<String, String>> e : backendOptions.entrySet()) {
        String name = e.getKey();
        checkName(name, PREFIX + "backends." + name, "backend");
        String typeKey = PREFIX + "backends." + name + "." + TYPE;
        String type = variables.resolve(typeKey, backendTypes.get(name));
        if (type == null || type.isBlank()) {
          throw new ConfigException(typeKey, "Backend '" + name + "' has no type: set " + typeKey);
        }
        for (String option : e.getValue().keySet()) {
          if (option.isBlank() || option.chars().anyMatch(Character::isWhitespace)) {
            String key = PREFIX + "backends." + name + "." + option;
            throw new ConfigException(key, "Malformed option name in " + key);
          }
        }
        Map<String, String> options = new LinkedHashMap<>();
        e.getValue()
            .forEach(
                (option, value) ->
                    options.put(
                        option,
                        variables.resolve(PREFIX + "backends." + name + "." + option, value)));
        backends.put(name, new BackendConfig(name, type.trim(), options));
      }
      Map<String, StoreProfile> stores = new TreeMap<>();
      for (Map.Entry<String, Map<String, String>> e : storeOptions.entrySet()) {
        String name = e.getKey();
        checkName(name, PREFIX + "stores." + name, "store");
        String storeBackendKey = PREFIX + "stores." + name + "." + BACKEND;
        String backend = variables.resolve(storeBackendKey, storeBackends.get(name));
        backend = backend == null ? null : backend.trim();
        if (backend == null || backend.isEmpty()) {
          throw new ConfigException(
              storeBackendKey, "Store '" + name + "' names no backend: set " + storeBackendKey);
        }
        if (!backends.containsKey(backend)) {
          throw new ConfigException(
              storeBackendKey,
              "Store '"
                  + name
                  + "' names unknown backend '"
                  + backend
                  + "' in "
                  + storeBackendKey
                  + "; configured backends: "
                  + backends.keySet());
        }
        String rootKey = PREFIX + "stores." + name + "." + ROOT_PATH;
        String root = variables.resolve(rootKey, storeRoots.getOrDefault(name, ""));
        try {
          root = StorePaths.normalize(root.trim());
        } catch (InvalidPath ex) {
          throw new ConfigException(rootKey, "Invalid " + rootKey + ": " + ex.getMessage());
        }
        Map<String, String> options = new LinkedHashMap<>();
        e.getValue()
            .forEach(
                (option, value) ->
                    options.put(
                        option,
                        variables.resolve(PREFIX + "stores." + name + "." + option, value)));
        stores.put(name, new StoreProfile(name, backend, root, options));
      }
      return new RegistryConfig(backends, stores);
    }

    private static void checkName(String name, String key, String what) {
      if (!NAME.matcher(name).matches()) {
        throw new ConfigException(
            key,
            "Malformed "
                + what
                + " name '"
                + name
                + "' in "
                + key
                + ": use letters, digits, '-' and '_', starting with a letter or digit");
      }
    }
  }
}
