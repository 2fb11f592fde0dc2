package org.remotestore.medallion.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoOptionsTest {

  @Test
  void parsesEveryOptionInBothForms() {
    DemoOptions o =
        DemoOptions.parse(
            "--data-dir",
            "/tmp/d",
            "--port=0",
            "--replay-port",
            "8099",
            "--speed",
            "1200",
            "--stations",
            "ber, kLo ,BER",
            "--start",
            "2026-01-01T00:00:00Z",
            "--seed",
            "9",
            "--checkpoint-interval",
            "5s",
            "--poll-interval",
            "500ms",
            "--parallelism",
            "1",
            "--print-interval",
            "PT2S",
            "--rows",
            "3");
    assertThat(o.dataDir()).isEqualTo(Path.of("/tmp/d"));
    assertThat(o.lakeDir()).isEqualTo(Path.of("/tmp/d/lake"));
    assertThat(o.webPort()).isZero();
    assertThat(o.replayPort()).isEqualTo(8099);
    assertThat(o.speed()).isEqualTo(1200);
    assertThat(o.stations()).containsExactly("BER", "KLO");
    assertThat(o.start()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(o.seed()).isEqualTo(9);
    assertThat(o.checkpointInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(o.pollInterval()).isEqualTo(Duration.ofMillis(500));
    assertThat(o.parallelism()).isEqualTo(1);
    assertThat(o.printInterval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(o.rows()).isEqualTo(3);
  }

  @Test
  void defaults() {
    DemoOptions o = DemoOptions.parse();
    assertThat(o.dataDir()).isEqualTo(Path.of("data"));
    assertThat(o.webPort()).isEqualTo(8081);
    assertThat(o.stations()).isEqualTo(DemoOptions.DEFAULT_STATIONS);
    assertThat(o.checkpointInterval()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void otelOptionsBecomeOtelKeys() {
    DemoOptions o =
        DemoOptions.parse(
            "--otel-exporter",
            "OTLP",
            "--otel-endpoint",
            "http://127.0.0.1:4318",
            "--otel-protocol=http/protobuf",
            "--otel.service.name",
            "my-demo");
    assertThat(o.otel())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "otel.traces.exporter", "otlp",
                "otel.metrics.exporter", "otlp",
                "otel.exporter.otlp.endpoint", "http://127.0.0.1:4318",
                "otel.exporter.otlp.protocol", "http/protobuf",
                "otel.service.name", "my-demo"));
    assertThat(DemoOptions.parse().otel()).isEmpty();
    assertThatThrownBy(() -> DemoOptions.parse("--otel-exporter", "jaeger"))
        .hasMessageStartingWith("--otel-exporter must be one of [none, console, logging, otlp]");
    assertThat(DemoOptions.usage()).contains("--otel-exporter").contains("--otel-endpoint");
  }

  @Test
  void errorsNameTheOption() {
    assertThatThrownBy(() -> DemoOptions.parse("--speed", "fast"))
        .hasMessageStartingWith("--speed must be a number");
    assertThatThrownBy(() -> DemoOptions.parse("--speed", "0"))
        .hasMessageStartingWith("--speed must be a positive number");
    assertThatThrownBy(() -> DemoOptions.parse("--port", "70000"))
        .hasMessageStartingWith("--port must be a port");
    assertThatThrownBy(() -> DemoOptions.parse("--stations", "BERN"))
        .hasMessageContaining("'BERN' is not a three-letter station code");
    assertThatThrownBy(() -> DemoOptions.parse("--checkpoint-interval", "soon"))
        .hasMessageStartingWith("--checkpoint-interval must be a duration");
    assertThatThrownBy(() -> DemoOptions.parse("--colour", "red"))
        .hasMessageStartingWith("Unknown option --colour");
    assertThatThrownBy(() -> DemoOptions.parse("--rows"))
        .hasMessageStartingWith("Option --rows needs a value");
    assertThatThrownBy(() -> DemoOptions.parse("--stations", " , "))
        .hasMessageContaining("--stations needs at least one station code");
    assertThat(DemoOptions.usage()).contains("--data-dir").contains("--speed");
    assertThat(List.of(DemoOptions.defaults().withDataDir(Path.of("x")).dataDir()))
        .containsExactly(Path.of("x"));
  }
}
