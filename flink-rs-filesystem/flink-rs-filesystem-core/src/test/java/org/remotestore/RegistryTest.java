package org.remotestore;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotestore.ext.observe.ObservedStore;
import org.remotestore.memory.MemoryBackend;
import org.remotestore.memory.MemoryBackendFactory;
import org.remotestore.spi.Backend;
import org.remotestore.spi.BackendFactory;

class RegistryTest {
  private static final String SECRET = "s3cr3t-value-never-printed";
  private final String instance = "registry-" + UUID.randomUUID();

  @AfterEach
  void clear() {
    MemoryBackend.clear(instance);
  }

  /** A factory found only through the test class loader below; counts creations and closes. */
  public static final class CountingFactory implements BackendFactory {
    static final AtomicInteger CREATED = new AtomicInteger();
    static final AtomicInteger CLOSED = new AtomicInteger();

    @Override
    public String type() {
      return "counting";
    }

    @Override
    public Set<String> options() {
      return Set.of("instance", "api-token");
    }

    @Override
    public Backend create(BackendConfig config) {
      CREATED.incrementAndGet();
      config.require("instance");
      return new RecordingBackend(new MemoryBackend(config.name(), config.get("instance"))) {
        @Override
        public void close() throws IOException {
          CLOSED.incrementAndGet();
          super.close();
        }
      };
    }
  }

  private ClassLoader loaderWithCountingFactory(Path dir) throws IOException {
    Path services = dir.resolve("META-INF/services");
    Files.createDirectories(services);
    Files.writeString(
        services.resolve(BackendFactory.class.getName()), CountingFactory.class.getName() + "\n");
    return new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader());
  }

  private RegistryConfig countingConfig() {
    return RegistryConfig.fromFlatKeys(
        Map.of(
            "rs.backends.lake.type", "counting",
            "rs.backends.lake.instance", instance,
            "rs.backends.lake.api-token", SECRET,
            "rs.backends.other.type", "counting",
            "rs.backends.other.instance", instance,
            "rs.stores.bronze.backend", "lake",
            "rs.stores.bronze.root-path", "bronze",
            "rs.stores.silver.backend", "lake",
            "rs.stores.silver.root-path", "silver"));
  }

  @Test
  void backendsAreFoundWithServiceLoaderCreatedLazilySharedAndClosed(@TempDir Path dir)
      throws Exception {
    CountingFactory.CREATED.set(0);
    CountingFactory.CLOSED.set(0);
    Registry registry = Registry.create(countingConfig(), loaderWithCountingFactory(dir));
    assertThat(registry.knownTypes()).contains("counting", "memory");
    assertThat(CountingFactory.CREATED).hasValue(0);
    assertThat(registry.createdBackends()).isEmpty();

    Store bronze = registry.store("bronze");
    Store silver = registry.store("silver");
    assertThat(CountingFactory.CREATED).hasValue(1);
    assertThat(silver).isNotSameAs(bronze);
    assertThat(bronze.unwrap(ObservedStore.class)).as("counted by default").isPresent();
    assertThat(registry.store("bronze")).isSameAs(bronze);
    assertThat(registry.createdBackends()).containsExactly("lake");

    bronze.write("a.txt", "in bronze".getBytes(UTF_8), false);
    assertThat(registry.backend("lake").stat("bronze/a.txt")).isNotNull();
    assertThat(silver.exists("a.txt")).isFalse();
    assertThat(bronze.name()).isEqualTo("bronze");

    registry.close();
    assertThat(CountingFactory.CLOSED).hasValue(1);
    registry.close();
    assertThat(CountingFactory.CLOSED).hasValue(1);
    assertThatThrownBy(() -> registry.store("bronze")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void unknownTypeNamesTheKeyAndListsKnownTypes() {
    RegistryConfig config =
        RegistryConfig.fromFlatKeys(Map.of("rs.backends.lake.type", "counting"));
    assertThatThrownBy(() -> Registry.create(config))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("rs.backends.lake.type")
        .hasMessageContaining("counting")
        .hasMessageContaining("memory")
        .satisfies(e -> assertThat(((ConfigException) e).key()).isEqualTo("rs.backends.lake.type"));
  }

  @Test
  void unknownOptionNamesItsKeyWithoutItsValue() {
    RegistryConfig config =
        RegistryConfig.fromFlatKeys(
            Map.of("rs.backends.m.type", "memory", "rs.backends.m.pasword", SECRET));
    assertThatThrownBy(() -> Registry.create(config))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("rs.backends.m.pasword")
        .hasMessageContaining("instance")
        .hasMessageNotContaining(SECRET)
        .satisfies(e -> assertThat(((ConfigException) e).key()).isEqualTo("rs.backends.m.pasword"));
  }

  @Test
  void missingAndMalformedOptionsAreReportedAtCreate(@TempDir Path dir) {
    assertThatThrownBy(
            () ->
                Registry.create(
                    RegistryConfig.fromFlatKeys(Map.of("rs.backends.disk.type", "local"))))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).key()).isEqualTo("rs.backends.disk.root"));
    assertThatThrownBy(
            () ->
                Registry.create(
                    RegistryConfig.fromFlatKeys(
                        Map.of(
                            "rs.backends.disk.type", "local",
                            "rs.backends.disk.root", dir.resolve("never-created").toString(),
                            "rs.backends.disk.fsync", "sometimes"))))
        .isInstanceOf(ConfigException.class)
        .satisfies(
            e -> assertThat(((ConfigException) e).key()).isEqualTo("rs.backends.disk.fsync"));
    // Validation touches nothing: the root folder is only created with the backend.
    assertThat(dir.resolve("never-created")).doesNotExist();
  }

  @Test
  void unknownStoreAndBackendNamesListTheConfiguredOnes() throws IOException {
    try (Registry registry =
        Registry.create(
            RegistryConfig.builder()
                .backend("m", "memory", Map.of("instance", instance))
                .store("bronze", "m", "b")
                .store("silver", "m", "s")
                .build())) {
      assertThat(registry.storeNames()).containsExactly("bronze", "silver");
      assertThat(registry.backendNames()).containsExactly("m");
      assertThatThrownBy(() -> registry.store("gold"))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("rs.stores.gold")
          .hasMessageContaining("[bronze, silver]");
      assertThatThrownBy(() -> registry.backend("x"))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("rs.backends.x");
    }
  }

  @Test
  void factoryFailuresNameTheBackend() {
    BackendFactory failing =
        new BackendFactory() {
          @Override
          public String type() {
            return "failing";
          }

          @Override
          public Set<String> options() {
            return Set.of("root");
          }

          @Override
          public Backend create(BackendConfig config) {
            config.require("root");
            throw new IllegalStateException("cannot connect");
          }
        };
    RegistryConfig missingRoot =
        RegistryConfig.builder().backend("f", "failing").store("s", "f", "").build();
    try (Registry registry = Registry.create(missingRoot, List.of(failing))) {
      assertThatThrownBy(() -> registry.store("s"))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("rs.backends.f.root");
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    RegistryConfig withRoot =
        RegistryConfig.builder().backend("f", "failing", Map.of("root", "/x")).build();
    try (Registry registry = Registry.create(withRoot, List.of(failing))) {
      assertThatThrownBy(() -> registry.backend("f"))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("rs.backends.f")
          .hasRootCauseInstanceOf(IllegalStateException.class);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void memoryBackendsShareNamedInstances() throws IOException {
    RegistryConfig config =
        RegistryConfig.builder()
            .backend("a", "memory", Map.of("instance", instance))
            .backend("b", "memory", Map.of("instance", instance))
            .store("sa", "a", "x")
            .store("sb", "b", "x")
            .build();
    try (Registry one = Registry.create(config);
        Registry two = Registry.create(config)) {
      one.store("sa").write("f.txt", "shared".getBytes(UTF_8), false);
      assertThat(new String(two.store("sb").readBytes("f.txt"), UTF_8)).isEqualTo("shared");
      assertThat(MemoryBackend.instance(instance).stat("x/f.txt")).isNotNull();
    }
    // The instance outlives the registries until cleared.
    assertThat(MemoryBackend.instance(instance).stat("x/f.txt")).isNotNull();
    MemoryBackend.clear(instance);
    assertThat(MemoryBackend.instance(instance).stat("x/f.txt")).isNull();
  }

  @Test
  void memoryInstanceDefaultsToTheBackendName() {
    BackendConfig config = new BackendConfig(instance, "memory", Map.of());
    Backend backend = new MemoryBackendFactory().create(config);
    assertThat(((MemoryBackend) backend).instanceName()).isEqualTo(instance);
    assertThat(backend.type()).isEqualTo("memory");
  }

  @Test
  void toStringOfRegistryAndConfigHideSecrets(@TempDir Path dir) throws IOException {
    try (Registry registry = Registry.create(countingConfig(), loaderWithCountingFactory(dir))) {
      assertThat(registry.toString()).doesNotContain(SECRET);
      assertThat(registry.config().toString()).doesNotContain(SECRET).contains("api-token=****");
    }
  }
}
