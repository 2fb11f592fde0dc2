package org.remotestore.flink;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotestore.DefaultStore;
import org.remotestore.RecoverableUploads;
import org.remotestore.Store;
import org.remotestore.local.LocalBackend;
import org.remotestore.testing.s3.S3ProxyServer;

/** The rs-sweep command: arguments, printed table, exit codes, errors naming store and option. */
class RsSweepTest {
  @TempDir Path tmp;
  private Path config;
  private Store lake;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void setUp() throws Exception {
    Path root = tmp.resolve("disk");
    Map<String, String> keys = new LinkedHashMap<>();
    keys.put("rs.backends.disk.type", "local");
    keys.put("rs.backends.disk.root", root.toString());
    keys.put("rs.stores.lake.backend", "disk");
    keys.put("rs.stores.lake.root-path", "lake");
    keys.put("rs.backends.mem.type", "memory");
    keys.put("rs.stores.scratch.backend", "mem");
    keys.put("rs.backends.nobucket.type", "s3");
    S3ProxyServer.shared()
        .backendOptions("no-such-bucket-" + System.nanoTime())
        .forEach((k, v) -> keys.put("rs.backends.nobucket." + k, v));
    keys.put("rs.stores.broken.backend", "nobucket");
    StringBuilder yaml = new StringBuilder("# a Flink config.yaml with rs.* keys\n");
    yaml.append("parallelism.default: 2\n");
    keys.forEach((k, v) -> yaml.append(k).append(": \"").append(v).append("\"\n"));
    config = tmp.resolve("config.yaml");
    Files.writeString(config, yaml);
    lake = new DefaultStore(new LocalBackend("disk", root, false), "lake", "lake");
  }

  private byte[] persistAndCrash(String path) throws Exception {
    RecoverableUploads.Upload upload = lake.recoverableUploads().create(path);
    upload.write("rows\n".getBytes(UTF_8), 0, 5);
    byte[] state = upload.persist();
    upload.close();
    return state;
  }

  private int run(String... args) {
    out.reset();
    err.reset();
    return RsSweep.run(args, new PrintStream(out, true, UTF_8), new PrintStream(err, true, UTF_8));
  }

  private String out() {
    return out.toString(UTF_8);
  }

  private String err() {
    return err.toString(UTF_8);
  }

  @Test
  void listsThenDeletesKeepingWhatTheCheckpointReferences() throws Exception {
    persistAndCrash("silver/a.csv");
    byte[] live = persistAndCrash("silver/b.csv");
    lake.write("chk/job/chk-2/_metadata", live, false);

    assertThat(run("--config", config.toString(), "--store", "lake")).isEqualTo(0);
    assertThat(out())
        .startsWith("DECISION")
        .contains("kept_recent", "staging-file", "silver/.a.csv.inprogress.")
        .contains("Dry run of store 'lake', older than 1d");

    int code =
        run(
            "--config",
            config.toString(),
            "--store",
            "lake",
            "--older-than",
            "0",
            "--checkpoints",
            "rs://lake/chk",
            "--delete");
    assertThat(code).as(err()).isEqualTo(0);
    assertThat(out())
        .containsPattern("removed +staging-file .* silver/\\.a\\.csv\\.inprogress\\.")
        .containsPattern(
            "kept_referenced +staging-file .* silver/\\.b\\.csv\\.inprogress\\..* lake:chk/job/chk-2")
        .contains(
            "Swept store 'lake', older than 0s, 1 live checkpoint(s) read: 2 leftover(s), 1 removed, 1 kept_referenced");
    assertThat(lake.listFiles("silver"))
        .extracting(f -> f.path())
        .singleElement()
        .asString()
        .startsWith("silver/.b.csv.inprogress.");

    assertThat(run("--config", config.toString(), "--store", "lake", "--prefix", "gold"))
        .isEqualTo(0);
    assertThat(out()).contains("0 leftover(s)");
  }

  @Test
  void badArgumentsAndConfigurationExitWithTwo() {
    assertThat(run("--config", config.toString(), "--store", "lake", "--older-than", "soon"))
        .isEqualTo(2);
    assertThat(err()).contains("--older-than", "'soon'", "Usage: RsSweep");
    assertThat(run("--config", config.toString(), "--store", "sea")).isEqualTo(2);
    assertThat(err()).contains("rs.stores.sea");
    assertThat(run("--store", "lake")).isEqualTo(2);
    assertThat(err()).contains("--config is required");
    assertThat(run("--config", tmp.resolve("missing.yaml").toString(), "--store", "lake"))
        .isEqualTo(2);
    assertThat(err()).contains("missing.yaml", "does not exist");
    assertThat(run("--config", config.toString(), "--store", "lake", "--prefix", "../up"))
        .isEqualTo(2);
    assertThat(err()).contains("--prefix", "../up");
    assertThat(run("--config", config.toString(), "--store", "lake", "--bogus")).isEqualTo(2);
    assertThat(err()).contains("unknown option '--bogus'");
  }

  @Test
  void aStoreItCannotListOrSweepFailsWithOneNamingItAndRemovesNothing() throws Exception {
    persistAndCrash("silver/a.csv");
    assertThat(
            run(
                "--config",
                config.toString(),
                "--store",
                "broken",
                "--delete",
                "--older-than",
                "0"))
        .isEqualTo(1);
    assertThat(err()).contains("cannot sweep store 'broken'", "nothing was removed");
    assertThat(out()).isEmpty();

    assertThat(run("--config", config.toString(), "--store", "scratch")).isEqualTo(1);
    assertThat(err())
        .contains("store 'scratch'", "type memory", "cannot list what crashed writers left");

    assertThat(
            run(
                "--config",
                config.toString(),
                "--store",
                "lake",
                "--older-than",
                "0",
                "--checkpoints",
                "no/such/dir",
                "--delete"))
        .isEqualTo(1);
    assertThat(err()).contains("no/such/dir", "nothing was removed");
    assertThat(lake.listFiles("silver")).hasSize(1);
  }
}
