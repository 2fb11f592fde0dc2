package org.remotestore.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.remotestore.BackendConfig;
import org.remotestore.ConfigException;
import org.remotestore.PermissionDenied;
import org.remotestore.testing.s3.S3ProxyServer;
import org.remotestore.testing.s3.S3TestEndpoint;

/**
 * Secrets never show: every log line of the SDK, the HTTP client and this project at DEBUG is
 * captured while the backend works and fails, and neither the real secret nor a wrong one appears
 * in the logs, in exception messages and stack traces, or in any {@code toString()}.
 */
class S3CredentialsTest {
  private static final String[] CAPTURED = {
    "software.amazon.awssdk", "org.apache.http", "org.remotestore"
  };

  private final StringWriter captured = new StringWriter();
  private WriterAppender appender;
  private final Map<String, Level> previousLevels = new HashMap<>();
  private S3TestEndpoint server;
  private String bucket;

  @BeforeEach
  void captureLogs() {
    server = S3ProxyServer.shared();
    bucket = server.createBucket("secrets");
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    Configuration config = context.getConfiguration();
    appender =
        WriterAppender.newBuilder()
            .setName("secret-capture")
            .setTarget(captured)
            .setLayout(PatternLayout.newBuilder().withPattern("%c %p %m%n%throwable").build())
            .build();
    appender.start();
    config.addAppender(appender);
    for (String name : CAPTURED) {
      LoggerConfig logger = new LoggerConfig(name, Level.DEBUG, false);
      logger.addAppender(appender, Level.DEBUG, null);
      LoggerConfig previous = config.getLoggers().get(name);
      previousLevels.put(name, previous == null ? null : previous.getLevel());
      config.removeLogger(name);
      config.addLogger(name, logger);
    }
    context.updateLoggers();
  }

  @AfterEach
  void stopCapture() {
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    Configuration config = context.getConfiguration();
    for (String name : CAPTURED) {
      config.removeLogger(name);
    }
    appender.stop();
    context.updateLoggers();
  }

  private static String describe(Throwable t) {
    StringWriter out = new StringWriter();
    t.printStackTrace(new PrintWriter(out));
    return out.toString();
  }

  @Test
  void workingAndFailingCallsNeverPrintTheSecret() throws IOException {
    String wrongSecret = "wrong-" + server.secretKey().substring(0, 12) + "-not-it";
    try (S3Backend good = server.newBackend("good", bucket, Map.of());
        S3Backend bad =
            server.newBackend("bad", bucket, Map.of("secret-key", wrongSecret, "retries", "1"))) {
      try (OutputStream out = good.openOutput("a.txt", true)) {
        out.write("payload".getBytes());
      }
      try (InputStream in = good.read("a.txt", 0, -1)) {
        assertThat(in.readAllBytes()).hasSize(7);
      }
      good.list("");

      Throwable failure = null;
      try {
        bad.read("a.txt", 0, -1).close();
      } catch (IOException e) {
        failure = e;
      }
      assertThat(failure)
          .as("a wrong secret is refused")
          .isInstanceOf(PermissionDenied.class)
          .hasMessageContaining("bad")
          .hasMessageContaining("a.txt");
      String trace = describe(failure);
      assertThat(trace).doesNotContain(server.secretKey()).doesNotContain(wrongSecret);
      for (Throwable t = failure; t != null; t = t.getCause()) {
        assertThat(t.getClass().getName()).as("no SDK type escapes").doesNotStartWith("software.");
      }

      assertThat(good.toString()).doesNotContain(server.secretKey()).contains("****");
      assertThat(good.settings().toString()).doesNotContain(server.secretKey());
      assertThat(bad.toString()).doesNotContain(wrongSecret);
    }
    String logs = captured.toString();
    assertThat(logs).as("DEBUG logs were captured").isNotEmpty();
    assertThat(logs).doesNotContain(server.secretKey()).doesNotContain(wrongSecret);
  }

  @Test
  void configErrorsAndConfigToStringMaskTheSecret() {
    Map<String, String> options = server.backendOptions(bucket);
    options.remove("access-key");
    BackendConfig config = new BackendConfig("lake", "s3", options);
    assertThat(config.toString()).doesNotContain(server.secretKey());
    assertThatThrownBy(() -> new S3BackendFactory().create(config))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("rs.backends.lake.access-key")
        .satisfies(e -> assertThat(describe(e)).doesNotContain(server.secretKey()));
    assertThat(new S3BackendFactory().secretOptions()).contains("secret-key", "session-token");
  }
}
