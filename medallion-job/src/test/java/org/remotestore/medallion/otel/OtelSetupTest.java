package org.remotestore.medallion.otel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.remotestore.medallion.config.MedallionConfig;

class OtelSetupTest {

  @BeforeEach
  @AfterEach
  void resetGlobal() {
    GlobalOpenTelemetry.resetForTest();
  }

  @Test
  void theJobConfigurationCarriesOtelKeysWithoutShowingTheirValues() {
    MedallionConfig cfg =
        MedallionConfig.fromArgs(
            "--stations",
            "BER",
            "--otel.traces.exporter",
            "otlp",
            "-Dotel.exporter.otlp.headers=authorization=secret-token");
    assertThat(cfg.otelKeys())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "otel.traces.exporter", "otlp",
                "otel.exporter.otlp.headers", "authorization=secret-token"));
    assertThat(cfg.toString()).contains("otel.traces.exporter").doesNotContain("secret-token");
    assertThat(cfg.toBuilder().build()).isEqualTo(cfg);
  }

  @Test
  void theYamlFileCarriesOtelKeys() {
    MedallionConfig cfg =
        MedallionConfig.fromYaml(
            "stations: BER\notel:\n  traces.exporter: otlp\n  exporter.otlp.endpoint: http://c:4318\n",
            "job.yaml");
    assertThat(cfg.otelKeys())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("otel.traces.exporter", "otlp", "otel.exporter.otlp.endpoint", "http://c:4318"));
  }

  @Test
  void noExporterBuildsNoSdk() {
    try (OtelSetup otel = OtelSetup.install(Map.of(), Map.of())) {
      assertThat(otel.enabled()).isFalse();
      assertThat(otel.openTelemetry()).isSameAs(OpenTelemetry.noop());
    }
  }

  @Test
  void consoleExporterInstallsTheGlobalSdk() {
    try (OtelSetup otel = OtelSetup.install(Map.of("otel.traces.exporter", "console"), Map.of())) {
      assertThat(otel.enabled()).isTrue();
      assertThat(
              GlobalOpenTelemetry.get().getTracer("t").spanBuilder("s").startSpan().isRecording())
          .isTrue();
    }
  }

  @Test
  void anAlreadySetGlobalInstanceStays() {
    GlobalOpenTelemetry.get(); // as an early user would (or the Java agent sets it)
    try (OtelSetup otel = OtelSetup.install(Map.of("otel.traces.exporter", "console"), Map.of())) {
      assertThat(otel.enabled()).isFalse();
      assertThat(
              GlobalOpenTelemetry.get().getTracer("t").spanBuilder("s").startSpan().isRecording())
          .as("still the instance used first (here the no-op one)")
          .isFalse();
    }
  }

  @Test
  void theEnvironmentChoosesAnExporterWhenTheConfigurationDoesNot() {
    try (OtelSetup otel = OtelSetup.install(Map.of(), Map.of("OTEL_METRICS_EXPORTER", "logging"))) {
      assertThat(otel.enabled()).isTrue();
    }
  }

  @Test
  void explicitNoneWinsOverTheEnvironment() {
    try (OtelSetup otel =
        OtelSetup.install(
            Map.of("otel.traces.exporter", "none"), Map.of("OTEL_TRACES_EXPORTER", "otlp"))) {
      assertThat(otel.enabled()).isFalse();
    }
  }

  @Test
  void unknownExporterNamesTheKey() {
    assertThatThrownBy(
            () -> OtelSetup.install(Map.of("otel.metrics.exporter", "otlp,jaeger"), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("otel.metrics.exporter")
        .hasMessageContaining("'jaeger'")
        .hasMessageContaining("otlp");
    assertThatThrownBy(() -> OtelSetup.install(Map.of(), Map.of("OTEL_TRACES_EXPORTER", "zipkin")))
        .hasMessageContaining("otel.traces.exporter")
        .hasMessageContaining("OTEL_TRACES_EXPORTER");
  }

  @Test
  void unknownProtocolNamesTheKey() {
    assertThatThrownBy(
            () ->
                OtelSetup.install(
                    Map.of(
                        "otel.traces.exporter", "otlp", "otel.exporter.otlp.protocol", "http/json"),
                    Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("otel.exporter.otlp.protocol");
  }

  @Test
  void theSecretsOfAnInvalidSettingAreNotEchoed() {
    assertThatThrownBy(
            () ->
                OtelSetup.install(
                    Map.of(
                        "otel.traces.exporter", "otlp",
                        "otel.exporter.otlp.headers", "authorization=secret-token,broken"),
                    Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("otel.exporter.otlp.headers")
        .hasMessageNotContaining("secret-token");
  }
}
