package org.remotestore.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Configuration, registry lifecycle and bad input of the rs:// file system. */
class RsConfigurationTest {

  @TempDir java.nio.file.Path tmp;

  @Test
  void anUnknownStoreIsNamedWithTheConfiguredOnes() {
    Configuration conf = RsTestStores.memory("known");
    conf.addAll(RsTestStores.memory("other"));
    RsFileSystems.initialize(conf);
    assertThatThrownBy(() -> FileSystem.get(URI.create("rs://nope/x")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("Unknown store 'nope'")
        .hasMessageContaining("[known, other]");
  }

  @Test
  void anUnknownBackendTypeFailsNamingItsKey() {
    Configuration conf = new Configuration();
    conf.setString("rs.backends.weird.type", "no-such-type");
    conf.setString("rs.stores.w.backend", "weird");
    RsFileSystems.initialize(conf);
    assertThatThrownBy(() -> FileSystem.get(URI.create("rs://w/x")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("no-such-type")
        .hasMessageContaining("rs.backends.weird");
  }

  @Test
  void aStoreWithoutItsBackendOptionFailsNamingTheKey() {
    Configuration conf = RsTestStores.memory("fine");
    conf.setString("rs.stores.lake.root-path", "data");
    RsFileSystems.initialize(conf);
    assertThatThrownBy(() -> FileSystem.get(URI.create("rs://fine/x")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("rs.stores.lake.backend");
  }

  @Test
  void aStoreOnAnUndefinedBackendFailsNamingTheKey() {
    Configuration conf = new Configuration();
    conf.setString("rs.stores.lake.backend", "ghost");
    RsFileSystems.initialize(conf);
    assertThatThrownBy(() -> FileSystem.get(URI.create("rs://lake/x")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("ghost");
  }

  @Test
  void aMalformedEntropyLengthFailsNamingTheKey() {
    Configuration conf = RsTestStores.memory("e");
    conf.setString("rs.stores.e.entropy-key", "_entropy_");
    conf.setString("rs.stores.e.entropy-length", "many");
    RsFileSystems.initialize(conf);
    assertThatThrownBy(() -> FileSystem.get(URI.create("rs://e/x")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("rs.stores.e.entropy-length");
  }

  @Test
  void theRegistryIsKeptWhileTheConfigurationIsUnchangedAndClosedWhenReplaced() throws Exception {
    Configuration a = RsTestStores.memory("life");
    RsFileSystems.initialize(a);
    RsRuntime first = RsFileSystems.current();
    FileSystem.get(URI.create("rs://life/")); // builds the registry
    RsFileSystems.initialize(new Configuration(a));
    assertThat(RsFileSystems.current()).isSameAs(first);

    RsFileSystems.initialize(RsTestStores.memory("life2"));
    assertThat(RsFileSystems.current()).isNotSameAs(first);
    assertThatThrownBy(() -> first.resolve("life"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("replaced");
    assertThat(FileSystem.get(URI.create("rs://life2/")).exists(new Path("rs://life2/x")))
        .isFalse();
  }
}
