package org.remotestore.flink;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.fs.RecoverableFsDataOutputStream;
import org.apache.flink.core.fs.RecoverableWriter;
import org.apache.flink.core.io.SimpleVersionedSerialization;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.remotestore.Registry;
import org.remotestore.RegistryConfig;
import org.remotestore.Store;
import org.remotestore.ext.sweep.OrphanSweeper;
import org.remotestore.ext.sweep.SweepReport;
import org.remotestore.ext.sweep.SweepReport.Decision;
import org.remotestore.spi.Leftover;
import org.remotestore.spi.LeftoverSupport;
import org.remotestore.testing.azure.AzureTestSupport;
import org.remotestore.testing.s3.S3ProxyServer;
import org.remotestore.testing.s3.S3TestStores;

/**
 * The orphan sweeper on local, S3 (S3Proxy) and Azure (Azurite), with Flink's own recoverable
 * writer through rs:// and a checkpoint holding a recoverable as Flink serialises it: a writer that
 * persisted and crashed is listed, then removed; a writer that the latest completed checkpoint
 * refers to is kept and can still be resumed and committed; the age threshold is respected.
 */
class OrphanSweeperTest {
  private static Configuration conf;
  private static Registry registry;

  @BeforeAll
  static void stores() {
    conf = RsTestStores.local("sweeplocal");
    conf.addAll(S3TestStores.s3("sweeps3", S3ProxyServer.shared(), Map.of()));
    conf.addAll(Configuration.fromMap(AzureTestSupport.flatKeys("sweepazure")));
    registry = Registry.create(RegistryConfig.fromFlatKeys(conf.toMap()));
  }

  @AfterAll
  static void close() throws Exception {
    registry.close();
  }

  private static RecoverableWriter.ResumeRecoverable persistAndCrash(
      RecoverableWriter writer, Path target, String content) throws Exception {
    RecoverableFsDataOutputStream out = writer.open(target);
    out.write(content.getBytes(UTF_8));
    return out.persist(); // and the process dies: never closed, committed nor cleaned up
  }

  /** A checkpoint file as Flink writes operator state: other bytes around the serialised state. */
  private static byte[] stateFile(RecoverableWriter writer, RecoverableWriter.ResumeRecoverable r)
      throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.write("operator state of the FileSink writer: ".getBytes(UTF_8));
    bytes.write(
        SimpleVersionedSerialization.writeVersionAndSerialize(
            writer.getResumeRecoverableSerializer(), r));
    bytes.write(" buckets and more".getBytes(UTF_8));
    return bytes.toByteArray();
  }

  private static String whose(Leftover l) {
    return l.key().contains("a.csv") ? "a" : l.key().contains("b.csv") ? "b" : "c";
  }

  private static List<String> summary(SweepReport report) {
    return report.entries().stream()
        .map(e -> whose(e.leftover()) + " " + e.leftover().kind() + " " + e.decision())
        .sorted()
        .toList();
  }

  @ParameterizedTest
  @ValueSource(strings = {"sweeplocal", "sweeps3", "sweepazure"})
  void removesWhatACrashedWriterLeftAndKeepsWhatTheLiveCheckpointReferences(String name)
      throws Exception {
    FileSystem fs = RsTestStores.fileSystem(conf, name);
    Store store = registry.store(name);
    String run = "run-" + UUID.randomUUID();
    RecoverableWriter writer = fs.createRecoverableWriter();
    String base = "rs://" + name + "/" + run;
    RecoverableWriter.ResumeRecoverable abandoned =
        persistAndCrash(writer, new Path(base + "/silver/a.csv"), "abandoned rows\n");
    RecoverableWriter.ResumeRecoverable live =
        persistAndCrash(writer, new Path(base + "/silver/b.csv"), "live rows\n");
    // job j1: chk-6 is older (it still had a), chk-7 is the latest completed (it has b),
    // chk-8 has no _metadata yet (in progress)
    String job = run + "/chk/" + UUID.randomUUID().toString().replace("-", "");
    store.write(job + "/chk-6/_metadata", stateFile(writer, abandoned), false);
    store.write(job + "/chk-7/_metadata", "metadata".getBytes(UTF_8), false);
    store.write(job + "/chk-7/op-3f2a", stateFile(writer, live), false);
    store.write(job + "/chk-8/op-77aa", stateFile(writer, abandoned), false);

    List<String> a;
    List<String> b;
    switch (name) {
      case "sweeps3" -> {
        a = List.of("a multipart-upload %s", "a temporary-object %s");
        b = List.of("b multipart-upload %s", "b temporary-object %s");
      }
      case "sweepazure" -> {
        a = List.of("a uncommitted-blocks %s");
        b = List.of("b uncommitted-blocks %s");
      }
      default -> {
        a = List.of("a staging-file %s");
        b = List.of("b staging-file %s");
      }
    }
    Clock later = Clock.fixed(Instant.now().plus(Duration.ofHours(2)), ZoneOffset.UTC);
    OrphanSweeper.Builder sweeper =
        OrphanSweeper.builder(store)
            .prefix(run)
            .olderThan(Duration.ofHours(1))
            .keepReferencedBy(store, run + "/chk")
            .clock(later);

    // dry run (the default): lists both writers' leftovers, removes nothing
    SweepReport dry = sweeper.build().sweep();
    assertThat(dry.checkpoints()).containsExactly(name + ":" + job + "/chk-7");
    assertThat(summary(dry)).containsExactlyElementsOf(expected(a, "WOULD_REMOVE", b));
    LeftoverSupport leftovers = store.unwrap(LeftoverSupport.class).orElseThrow();
    assertThat(leftovers.listLeftovers(run)).hasSize(a.size() + b.size());

    // too young for the threshold: kept even when deleting
    SweepReport young =
        OrphanSweeper.builder(store)
            .prefix(run)
            .olderThan(Duration.ofHours(3))
            .deleting(true)
            .clock(later)
            .build()
            .sweep();
    assertThat(young.entries()).allMatch(e -> e.decision() == Decision.KEPT_RECENT);
    assertThat(leftovers.listLeftovers(run)).hasSize(a.size() + b.size());

    // delete: the crashed writer's leftovers go, the referenced ones stay
    SweepReport swept = sweeper.deleting(true).build().sweep();
    assertThat(summary(swept)).containsExactlyElementsOf(expected(a, "REMOVED", b));
    assertThat(leftovers.listLeftovers(run)).extracting(OrphanSweeperTest::whose).containsOnly("b");
    assertThat(store.exists(run + "/silver/a.csv")).isFalse();

    // the referenced upload resumes and commits
    RecoverableFsDataOutputStream resumed = writer.recover(live);
    resumed.write("more rows\n".getBytes(UTF_8));
    resumed.closeForCommit().commit();
    assertThat(new String(store.readBytes(run + "/silver/b.csv"), UTF_8))
        .isEqualTo("live rows\nmore rows\n");
    assertThat(leftovers.listLeftovers(run)).isEmpty();
  }

  private static List<String> expected(List<String> a, String decision, List<String> b) {
    return java.util.stream.Stream.concat(
            a.stream().map(s -> String.format(s, decision)),
            b.stream().map(s -> String.format(s, "KEPT_REFERENCED")))
        .sorted()
        .toList();
  }
}
