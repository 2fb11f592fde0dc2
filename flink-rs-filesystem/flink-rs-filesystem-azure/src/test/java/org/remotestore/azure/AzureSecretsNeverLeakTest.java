package org.remotestore.azure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.remotestore.DefaultStore;
import org.remotestore.Store;
import org.remotestore.spi.Backend;
import org.remotestore.testing.FaultProxy;
import org.remotestore.testing.FaultProxy.Fault;
import org.remotestore.testing.azure.AzureTestSupport;
import org.remotestore.testing.azure.Azurite;

/**
 * Runs every kind of operation (successes, retries, 403s, 404s, 503s, copies with a SAS) with every
 * log of the HTTP client and this project captured at TRACE, then greps the logs, the exception
 * messages and stack traces, and every {@code toString()} for the account key, the SAS signature
 * and the connection string.
 */
class AzureSecretsNeverLeakTest {
  private final StringBuilder captured = new StringBuilder();
  private final List<String> httpLoggerNames = new ArrayList<>();
  private CapturingAppender appender;

  @BeforeEach
  void captureAllLogs() {
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    Configuration config = context.getConfiguration();
    appender = new CapturingAppender();
    appender.start();
    config.addAppender(appender);
    config.getRootLogger().addAppender(appender, Level.ALL, null);
    Configurator.setRootLevel(Level.TRACE);
    Configurator.setLevel("org.apache.hc", Level.TRACE);
    Configurator.setLevel("org.remotestore", Level.TRACE);
    context.updateLoggers();
  }

  @AfterEach
  void stopCapturing() {
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    context.getConfiguration().getRootLogger().removeAppender(appender.getName());
    Configurator.setRootLevel(Level.ERROR);
    Configurator.setLevel("org.apache.hc", Level.ERROR);
    Configurator.setLevel("org.remotestore", Level.ERROR);
    context.updateLoggers();
    appender.stop();
  }

  @Test
  void noSecretInLogsExceptionsOrToString() throws Exception {
    String container = AzureTestSupport.newContainerName();
    String sas = AzureSas.containerSas(Azurite.shared().blobEndpoint(), container);
    String signature = signatureOf(sas);
    String connectionString = Azurite.shared().connectionString();
    String wrongKey = java.util.Base64.getEncoder().encodeToString(new byte[64]);

    try (FaultProxy proxy = FaultProxy.start("127.0.0.1", Azurite.shared().port())) {
      String viaProxy = proxy.uri() + "/" + Azurite.ACCOUNT;
      proxy.inject(Fault.azureServerBusy(), FaultProxy.anyRequest(), 2);

      Map<String, String> byKey = AzureTestSupport.options(viaProxy, container);
      byKey.put("block-size", "16kb");
      exercise(byKey, "key");

      Map<String, String> bySas = AzureTestSupport.options(viaProxy, container);
      bySas.remove("account-key");
      bySas.remove("create-container");
      bySas.put("sas-token", "?" + sas);
      proxy.inject(Fault.serviceUnavailable(), FaultProxy.anyRequest(), 2);
      exercise(bySas, "sas");

      Map<String, String> byConnectionString = new HashMap<>();
      byConnectionString.put("container", container);
      byConnectionString.put(
          "connection-string", connectionString.replace(Azurite.shared().blobEndpoint(), viaProxy));
      exercise(byConnectionString, "cs");

      Map<String, String> denied = AzureTestSupport.options(viaProxy, container);
      denied.put("account-key", wrongKey);
      exercise(denied, "denied");

      proxy.inject(Fault.serviceUnavailable(), FaultProxy.anyRequest(), -1);
      exercise(byKey, "unavailable");
    }

    String everything = captured.toString();
    assertThat(httpLoggerNames).as("the HTTP client's own logging was captured").isNotEmpty();
    assertThat(everything)
        .isNotEmpty()
        .doesNotContain(Azurite.ACCOUNT_KEY)
        .doesNotContain(signature)
        .doesNotContain(sas)
        .doesNotContain(wrongKey)
        .doesNotContain(connectionString);
  }

  /** Runs operations of every kind, recording failures and descriptions as well as the logs. */
  private void exercise(Map<String, String> options, String name) throws IOException {
    try (Backend backend =
        new AzureBlobBackendFactory().create(AzureTestSupport.config(name, options))) {
      record(backend.toString());
      record(AzureTestSupport.config(name, options).toString());
      Store store = new DefaultStore(backend, "leak");
      attempt(() -> store.write("a.bin", new byte[40_000], true));
      attempt(
          () -> {
            try (OutputStream out = store.openAtomic("b.bin", false)) {
              out.write(new byte[100]);
            }
          });
      attempt(
          () -> {
            try (InputStream in = store.read("a.bin")) {
              in.readAllBytes();
            }
          });
      attempt(() -> store.readRange("a.bin", 5, 10).close());
      attempt(() -> store.readIfChanged("a.bin", "\"nope\"", null).close());
      attempt(() -> store.getFileInfo("missing.bin"));
      attempt(() -> store.listFiles("", true));
      attempt(() -> store.copy("a.bin", "copy-" + name + ".bin", true));
      attempt(() -> store.copy("missing.bin", "x.bin", true));
      attempt(() -> store.delete("a.bin", true));
      attempt(
          () -> {
            var upload = backend.resumableWrites().begin("leak/r.bin");
            upload.write(new byte[20_000], 0, 20_000);
            byte[] state = upload.persist();
            upload.close();
            var resumed = backend.resumableWrites().resume(state);
            backend.resumableWrites().commit(resumed.closeForCommit());
          });
    }
  }

  private interface Action {
    void run() throws Exception;
  }

  private void attempt(Action action) {
    try {
      action.run();
    } catch (Exception e) {
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      record(trace.toString());
    }
  }

  private synchronized void record(String text) {
    captured.append(text).append('\n');
  }

  private static String signatureOf(String sas) {
    for (String part : sas.split("&")) {
      if (part.startsWith("sig=")) {
        return part.substring(4);
      }
    }
    throw new AssertionError("no signature in the SAS");
  }

  /** Collects every formatted event, with its stack trace. */
  private final class CapturingAppender extends AbstractAppender {
    CapturingAppender() {
      super("rs-secret-capture", null, null, true, Property.EMPTY_ARRAY);
    }

    @Override
    public void append(LogEvent event) {
      String logger = event.getLoggerName() == null ? "" : event.getLoggerName();
      if (logger.startsWith("org.apache.hc")) {
        synchronized (AzureSecretsNeverLeakTest.this) {
          httpLoggerNames.add(logger);
        }
      }
      StringBuilder line = new StringBuilder();
      line.append(logger).append(' ').append(event.getMessage().getFormattedMessage());
      if (event.getThrown() != null) {
        StringWriter trace = new StringWriter();
        event.getThrown().printStackTrace(new PrintWriter(trace));
        line.append('\n').append(trace);
      }
      record(line.toString());
    }
  }
}
