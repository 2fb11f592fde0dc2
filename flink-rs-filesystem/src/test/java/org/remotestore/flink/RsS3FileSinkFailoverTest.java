package org.remotestore.flink;

import java.lang.reflect.Method;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.remotestore.testing.s3.S3ProxyServer;
import org.remotestore.testing.s3.S3TestStores;

/**
 * Exactly-once FileSink with failover through rs:// on the s3 backend (S3Proxy): the row-format
 * job, whose in-progress part files are persisted, resumed and committed across the failure, which
 * is the S3-specific path (multipart upload, tail objects). The Parquet variant only rolls on
 * checkpoints (closeForCommit and commit, no resume) and runs on memory and local; it is left out
 * here to keep the suite within its time budget.
 */
@ExtendWith(RsS3FileSinkFailoverTest.RowFormatOnly.class)
class RsS3FileSinkFailoverTest extends AbstractRsFileSinkFailoverTest {
  private static final Configuration CONF =
      S3TestStores.s3("sinks3", S3ProxyServer.shared(), Map.of("part-size", "5mb"));

  @Override
  protected Configuration rsConfiguration() {
    return CONF;
  }

  @Override
  protected String storeName() {
    return "sinks3";
  }

  /** Runs the row-format job only (see the class comment). */
  static final class RowFormatOnly implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      String name = context.getTestMethod().map(Method::getName).orElse("");
      return name.equals("parquetIsExactlyOnceAcrossAFailure")
          ? ConditionEvaluationResult.disabled("Parquet failover runs on memory and local only")
          : ConditionEvaluationResult.enabled("row format");
    }
  }
}
