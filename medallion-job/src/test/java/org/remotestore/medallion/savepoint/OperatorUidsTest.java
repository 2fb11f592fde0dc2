package org.remotestore.medallion.savepoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.remotestore.medallion.MedallionPipeline;
import org.remotestore.medallion.config.MedallionConfig;

/**
 * Every operator of the job, bounded and continuous, has an explicit uid, and no two the same: an
 * operator without one gets an id derived from the graph's shape, which any change elsewhere in the
 * job changes, so its state would not restore from an older savepoint ({@link
 * SavepointCompatibilityIT} catches that only for the operators that existed when a kept savepoint
 * was taken; this test catches a new operator at once).
 */
class OperatorUidsTest {

  @ParameterizedTest(name = "bounded={0}")
  @ValueSource(booleans = {true, false})
  void everyOperatorOfTheJobHasItsOwnUid(boolean bounded) {
    MedallionConfig cfg =
        MedallionConfig.builder()
            .stations(List.of("BER"))
            .feedBaseUrl("http://127.0.0.1:9/")
            .bounded(bounded)
            .rsKey("rs.backends.disk.type", "memory")
            .rsKey("rs.stores.lake.backend", "disk")
            .build();
    StreamExecutionEnvironment env = new StreamExecutionEnvironment();
    MedallionPipeline.build(env, cfg);
    List<String> withoutUid = new ArrayList<>();
    Set<String> uids = new HashSet<>();
    List<String> duplicates = new ArrayList<>();
    for (StreamNode node : env.getStreamGraph().getStreamNodes()) {
      String uid = node.getTransformationUID();
      if (uid == null || uid.isEmpty()) {
        withoutUid.add(node.getOperatorName());
      } else if (!uids.add(uid)) {
        duplicates.add(uid);
      }
    }
    assertThat(withoutUid).as("operators without a uid").isEmpty();
    assertThat(duplicates).as("uids used twice").isEmpty();
    assertThat(uids)
        .contains(
            MedallionPipeline.UID_SOURCE,
            MedallionPipeline.UID_SILVER_DEDUPE,
            MedallionPipeline.UID_SILVER_SINK + ": end-of-input-success-markers",
            MedallionPipeline.UID_SILVER_SINK + ": partition-success-markers");
  }
}
