package org.remotestore.ext.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Random;
import org.apache.flink.core.fs.Path;
import org.apache.flink.table.utils.PartitionPathUtils;
import org.junit.jupiter.api.Test;

class HivePartitionsTest {

  private static LinkedHashMap<String, String> spec(String... keysAndValues) {
    LinkedHashMap<String, String> spec = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      spec.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return spec;
  }

  @Test
  void buildsOrderedPathWithTrailingSlash() {
    assertThat(HivePartitions.partitionPath(spec("year", "2026", "month", "03")))
        .isEqualTo("year=2026/month=03/");
    assertThat(HivePartitions.partitionPath(spec("month", "03", "year", "2026")))
        .isEqualTo("month=03/year=2026/");
  }

  @Test
  void parsesOnlyPartitionSegmentsInOrder() {
    assertThat(HivePartitions.parsePartition("lake/t/year=2026/x/month=03/part-0.parquet"))
        .containsExactly(java.util.Map.entry("year", "2026"), java.util.Map.entry("month", "03"));
    assertThat(HivePartitions.parsePartition("year=2026/month=03/")).containsKeys("year", "month");
    assertThat(HivePartitions.parsePartition("no/partitions/here.csv")).isEmpty();
    assertThat(HivePartitions.parsePartition("k=/=v/x")).isEmpty();
  }

  @Test
  void escapesReservedCharactersAndRoundTrips() {
    LinkedHashMap<String, String> spec =
        spec(
            "station", "a/b=c%d:e#f?g", "ts", "2026-03-01 10:00", "ctl", "x\ty\u007Fz", "k=y", "é");
    String path = HivePartitions.partitionPath(spec);
    assertThat(path)
        .isEqualTo(
            "station=a%2Fb%3Dc%25d%3Ae%23f%3Fg/ts=2026-03-01 10%3A00/ctl=x%09y%7Fz/k%3Dy=é/");
    assertThat(path.split("/")).hasSize(4);
    assertThat(HivePartitions.parsePartition(path)).isEqualTo(spec);
  }

  @Test
  void nullAndEmptyValuesUseTheDefaultPartition() {
    LinkedHashMap<String, String> spec = spec("a", null, "b", "", "c", "1");
    String path = HivePartitions.partitionPath(spec);
    assertThat(path).isEqualTo("a=__HIVE_DEFAULT_PARTITION__/b=__HIVE_DEFAULT_PARTITION__/c=1/");
    LinkedHashMap<String, String> parsed = HivePartitions.parsePartition(path);
    assertThat(parsed).containsEntry("a", null).containsEntry("b", null).containsEntry("c", "1");
    assertThat(HivePartitions.partitionPath(spec("a", null), "__DEFAULT_PARTITION__"))
        .isEqualTo("a=__DEFAULT_PARTITION__/");
    assertThat(HivePartitions.parsePartition("a=__DEFAULT_PARTITION__", "__DEFAULT_PARTITION__"))
        .containsEntry("a", null);
  }

  @Test
  void rejectsInvalidSpecs() {
    assertThatThrownBy(() -> HivePartitions.partitionPath(new LinkedHashMap<>()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HivePartitions.partitionPath(spec("", "x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("key");
    assertThatThrownBy(() -> HivePartitions.parsePartition("a=1/a=2"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'a'");
  }

  @Test
  void unescapeLeavesMalformedSequencesAlone() {
    assertThat(HivePartitions.unescapePathName("100%")).isEqualTo("100%");
    assertThat(HivePartitions.unescapePathName("%zz%4%41%e9")).isEqualTo("%zz%4Aé");
  }

  @Test
  void matchesFlinkFilesystemConnectorOnEveryAsciiCharacterAndRandomValues() {
    for (char c = 1; c < 256; c++) {
      LinkedHashMap<String, String> spec = spec("k" + c, "v" + c + "w");
      assertThat(HivePartitions.partitionPath(spec))
          .as("char %d", (int) c)
          .isEqualTo(PartitionPathUtils.generatePartitionPath(spec));
    }
    Random random = new Random(42);
    String alphabet = "ab=/%:#?*'\"[]^{}\\\t \u007Fé09-_.";
    for (int n = 0; n < 500; n++) {
      LinkedHashMap<String, String> spec = new LinkedHashMap<>();
      int keys = 1 + random.nextInt(3);
      for (int k = 0; k < keys; k++) {
        spec.put("k" + k + randomString(random, alphabet), "v" + randomString(random, alphabet));
      }
      String ours = HivePartitions.partitionPath(spec);
      assertThat(ours).isEqualTo(PartitionPathUtils.generatePartitionPath(spec));
      String file = "/lake/t/" + ours + "part-0.csv";
      assertThat(HivePartitions.parsePartition(file))
          .isEqualTo(PartitionPathUtils.extractPartitionSpecFromPath(new Path(file)))
          .isEqualTo(spec);
    }
    for (String raw : new String[] {"a=b=c", "a=b=", "x%41=%zz", "=a", "a="}) {
      assertThat(HivePartitions.parsePartition("t/" + raw))
          .as(raw)
          .isEqualTo(PartitionPathUtils.extractPartitionSpecFromPath(new Path("/t/" + raw)));
    }
  }

  private static String randomString(Random random, String alphabet) {
    StringBuilder s = new StringBuilder();
    int len = random.nextInt(6);
    for (int i = 0; i < len; i++) {
      s.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return s.toString();
  }
}
