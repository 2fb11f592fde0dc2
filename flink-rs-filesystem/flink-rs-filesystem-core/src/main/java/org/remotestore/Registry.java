package org.remotestore;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.remotestore.ext.StoreDecorators;
import org.remotestore.ext.observe.JmxOperationCounters;
import org.remotestore.ext.observe.OperationCounter;
import org.remotestore.spi.Backend;
import org.remotestore.spi.BackendFactory;

/**
 * Turns a {@link RegistryConfig} into live stores.
 *
 * <p>{@link #create(RegistryConfig)} checks the whole configuration up front: every backend type
 * must have a {@link BackendFactory} (found with {@link ServiceLoader}) and every option must be
 * one the factory knows. Backends are then created lazily, on the first {@link #store(String)} or
 * {@link #backend(String)} that needs them, and one backend is shared by all the stores that name
 * it. {@link #close()} closes the backends that were created.
 *
 * <pre>{@code
 * try (Registry registry = Registry.create(RegistryConfig.fromFlatKeys(flinkConfig))) {
 *   Store silver = registry.store("lake").child("silver");
 *   silver.write("readings/2026-03-01.csv", bytes, true);
 * }
 * }</pre>
 *
 * <p>Thread-safe. Nothing here logs or prints option values.
 */
public final class Registry implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Registry.class.getName());

  private final RegistryConfig config;
  private final Map<String, BackendFactory> factories;
  private final Map<String, Backend> backends = new LinkedHashMap<>();
  private final Map<String, Store> stores = new TreeMap<>();
  private final List<AutoCloseable> publications = new ArrayList<>();
  private boolean closed;

  private Registry(RegistryConfig config, Map<String, BackendFactory> factories) {
    this.config = config;
    this.factories = factories;
  }

  /** Creates a registry with the factories visible to this class's class loader. */
  public static Registry create(RegistryConfig config) {
    return create(config, Registry.class.getClassLoader());
  }

  /**
   * Creates a registry with the factories that {@link ServiceLoader} finds through {@code loader}.
   * A factory that cannot be loaded (for example because its SDK is missing) is skipped; a backend
   * that needs it then fails as an unknown type.
   *
   * @throws ConfigException naming the key: {@code rs.backends.<b>.type} for an unknown type (the
   *     message lists the known types), {@code rs.backends.<b>.<option>} for an unknown option or
   *     for a missing or malformed one (as far as {@link BackendFactory#validate} checks)
   */
  public static Registry create(RegistryConfig config, ClassLoader loader) {
    List<BackendFactory> found = new ArrayList<>();
    Iterator<BackendFactory> it = ServiceLoader.load(BackendFactory.class, loader).iterator();
    while (true) {
      try {
        if (!it.hasNext()) {
          break;
        }
        found.add(it.next());
      } catch (ServiceConfigurationError e) {
        LOG.log(Level.WARNING, "Skipping a backend factory that cannot be loaded: {0}", e);
      }
    }
    return create(config, found);
  }

  /**
   * Creates a registry with exactly the given factories (no {@link ServiceLoader}); when two
   * factories have the same type, the first wins.
   *
   * @throws ConfigException as {@link #create(RegistryConfig, ClassLoader)}
   */
  public static Registry create(
      RegistryConfig config, Collection<? extends BackendFactory> factories) {
    Map<String, BackendFactory> byType = new TreeMap<>();
    for (BackendFactory f : factories) {
      byType.putIfAbsent(f.type(), f);
    }
    for (BackendConfig backend : config.backends().values()) {
      BackendFactory factory = byType.get(backend.type());
      if (factory == null) {
        String key = backend.key(RegistryConfig.TYPE);
        throw new ConfigException(
            key,
            "Unknown backend type '"
                + backend.type()
                + "' in "
                + key
                + "; known types: "
                + byType.keySet());
      }
      Set<String> known = factory.options();
      for (String option : new TreeSet<>(backend.options().keySet())) {
        if (!factory.acceptsOption(option)) {
          String key = backend.key(option);
          throw new ConfigException(
              key,
              "Unknown option "
                  + key
                  + " for backend type '"
                  + backend.type()
                  + "'; known options: "
                  + new TreeSet<>(known));
        }
      }
      factory.validate(backend);
    }
    for (StoreProfile store : config.stores().values()) {
      StoreDecorators.validate(store);
    }
    return new Registry(config, Map.copyOf(byType));
  }

  /** The configuration this registry was created from. */
  public RegistryConfig config() {
    return config;
  }

  /** The names of the configured stores, sorted. */
  public Set<String> storeNames() {
    return config.stores().keySet();
  }

  /** The names of the configured backends, sorted. */
  public Set<String> backendNames() {
    return config.backends().keySet();
  }

  /** The backend types this registry can create, sorted. */
  public Set<String> knownTypes() {
    return new TreeSet<>(factories.keySet());
  }

  /**
   * The store named {@code name}, creating its backend on first use, wrapped in the decorators its
   * {@code rs.stores.<name>.retry.*}, {@code .cache.*} and {@code .observe.*} keys ask for (see
   * {@link StoreDecorators}: retry innermost, then cache, then observe). The same store object is
   * returned on every call, so every caller (the Store API, {@code rs://}, a source) shares its
   * cache and its observer.
   *
   * @throws ConfigException naming {@code rs.stores.<name>} (and listing the configured stores)
   *     when there is no such store, or naming the key at fault when its backend cannot be created
   * @throws IllegalStateException when the registry is closed
   */
  public synchronized Store store(String name) {
    checkOpen();
    Store store = stores.get(name);
    if (store == null) {
      StoreProfile profile = config.store(name);
      Backend backend = backend(profile.backend());
      try {
        store = new DefaultStore(backend, name, profile.rootPath());
      } catch (InvalidPath e) {
        String key = profile.key(RegistryConfig.ROOT_PATH);
        throw new ConfigException(key, "Invalid " + key + ": " + e.getMessage());
      }
      OperationCounter counter = null;
      if (StoreDecorators.counters(profile)) {
        counter = new OperationCounter(name);
        publications.add(JmxOperationCounters.register(counter));
      }
      store = StoreDecorators.decorate(store, profile, counter);
      stores.put(name, store);
    }
    return store;
  }

  /**
   * The backend named {@code name}, created on first use and shared afterwards.
   *
   * @throws ConfigException naming {@code rs.backends.<name>} when there is no such backend
   * @throws IllegalStateException when the registry is closed
   */
  public synchronized Backend backend(String name) {
    checkOpen();
    Backend backend = backends.get(name);
    if (backend == null) {
      BackendConfig backendConfig = config.backend(name);
      BackendFactory factory = factories.get(backendConfig.type());
      try {
        backend = factory.create(backendConfig);
      } catch (ConfigException e) {
        throw e;
      } catch (RuntimeException e) {
        String key = "rs.backends." + name;
        ConfigException failure =
            new ConfigException(
                key,
                "Cannot create backend '"
                    + name
                    + "' of type '"
                    + backendConfig.type()
                    + "' ("
                    + key
                    + "): "
                    + e.getClass().getSimpleName());
        failure.initCause(e);
        throw failure;
      }
      LOG.log(Level.DEBUG, "Created backend {0} of type {1}", name, backendConfig.type());
      backends.put(name, backend);
    }
    return backend;
  }

  /** The names of the backends created so far (for diagnostics and tests). */
  public synchronized Set<String> createdBackends() {
    return Set.copyOf(backends.keySet());
  }

  /**
   * Closes every backend created so far; later calls fail. Idempotent.
   *
   * @throws IOException the first failure, with the others suppressed, after trying them all
   */
  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    IOException failure = null;
    for (Backend backend : backends.values()) {
      try {
        backend.close();
      } catch (IOException | RuntimeException e) {
        IOException wrapped =
            e instanceof IOException io
                ? io
                : new RemoteStoreException(
                    "Closing backend '" + backend.name() + "' failed", backend.name(), null, e);
        if (failure == null) {
          failure = wrapped;
        } else {
          failure.addSuppressed(wrapped);
        }
      }
    }
    backends.clear();
    stores.clear();
    for (AutoCloseable publication : publications) {
      try {
        publication.close();
      } catch (Exception e) {
        LOG.log(Level.DEBUG, "Unpublishing operation counts failed: {0}", e.toString());
      }
    }
    publications.clear();
    if (failure != null) {
      throw failure;
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("Registry is closed");
    }
  }

  @Override
  public String toString() {
    return "Registry{stores=" + storeNames() + ", backends=" + backendNames() + "}";
  }
}
