package org.remotestore.medallion.silver;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.remotestore.Registry;
import org.remotestore.RegistryConfig;
import org.remotestore.Store;
import org.remotestore.memory.MemoryBackend;
import org.remotestore.meteoswiss.FeedFile;
import org.remotestore.meteoswiss.MeteoSwissMetadata;

/** Lookups reload the metadata on a miss, at most once per interval, and never fail. */
class FeedMetadataTest {
  private static final List<String> STATION_HEADER =
      List.of(
          "station_abbr",
          "station_name",
          "station_canton",
          "station_height_masl",
          "station_coordinates_wgs84_lat",
          "station_coordinates_wgs84_lon");
  private static final List<String> PARAMETER_HEADER =
      List.of(
          "parameter_shortname",
          "parameter_description_en",
          "parameter_granularity",
          "parameter_unit");

  private Registry registry;
  private Store feed;
  private Instant now = Instant.parse("2026-03-15T10:00:00Z");

  @BeforeEach
  void store() throws IOException {
    registry =
        Registry.create(
            RegistryConfig.builder()
                .backend("mem", "memory", Map.of("instance", "feed-metadata-test"))
                .store("feed", "mem", "")
                .build());
    feed = registry.store("feed");
    writeStations(List.of(station("BER", "Bern / Zollikofen", "BE", "553")));
    writeParameters(List.of(parameter("tre200s0", "Air temperature", "°C")));
  }

  @AfterEach
  void clear() throws Exception {
    registry.close();
    MemoryBackend.clear("feed-metadata-test");
  }

  private static Map<String, String> station(
      String abbr, String name, String canton, String height) {
    return Map.of(
        "station_abbr", abbr,
        "station_name", name,
        "station_canton", canton,
        "station_height_masl", height,
        "station_coordinates_wgs84_lat", "46.99",
        "station_coordinates_wgs84_lon", "7.46");
  }

  private static Map<String, String> parameter(String code, String name, String unit) {
    return Map.of(
        "parameter_shortname", code,
        "parameter_description_en", name,
        "parameter_granularity", "T",
        "parameter_unit", unit);
  }

  private void writeStations(List<Map<String, String>> rows) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    MeteoSwissMetadata.write(STATION_HEADER, rows, out);
    feed.write(FeedFile.META_STATIONS, out.toByteArray(), true);
  }

  private void writeParameters(List<Map<String, String>> rows) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    MeteoSwissMetadata.write(PARAMETER_HEADER, rows, out);
    feed.write(FeedFile.META_PARAMETERS, out.toByteArray(), true);
  }

  private Clock clock() {
    return new Clock() {
      @Override
      public java.time.ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return now;
      }
    };
  }

  @Test
  void anUnknownStationReloadsAtMostOncePerInterval() throws IOException {
    FeedMetadata metadata = new FeedMetadata(feed, Duration.ofMinutes(1), clock());
    assertThat(metadata.station("ber").name()).isEqualTo("Bern / Zollikofen");
    assertThat(metadata.station("BER").canton()).isEqualTo("BE");
    assertThat(metadata.station("BER").heightMasl()).isEqualTo(553.0);
    assertThat(metadata.parameter("TRE200S0").unit()).isEqualTo("°C");
    assertThat(metadata.loads()).isEqualTo(1);

    writeStations(
        List.of(
            station("BER", "Bern / Zollikofen", "BE", "553"),
            station("KLO", "Zürich / Kloten", "ZH", "426")));
    assertThat(metadata.station("KLO")).as("no reload within the interval").isNull();
    assertThat(metadata.loads()).isEqualTo(1);
    now = now.plusSeconds(61);
    assertThat(metadata.station("KLO").name()).isEqualTo("Zürich / Kloten");
    assertThat(metadata.loads()).isEqualTo(2);

    now = now.plusSeconds(61);
    assertThat(metadata.station("XYZ")).as("unknown even after a reload").isNull();
    assertThat(metadata.parameter("nope")).isNull();
    assertThat(metadata.station("XYZ")).isNull();
    assertThat(metadata.loads()).as("one reload per interval, however many misses").isEqualTo(3);
  }

  @Test
  void aMissingFileLeavesLookupsEmptyInsteadOfFailing() throws IOException {
    feed.delete(FeedFile.META_STATIONS);
    FeedMetadata metadata = new FeedMetadata(feed, Duration.ofMinutes(1), clock());
    assertThat(metadata.station("BER")).isNull();
    assertThat(metadata.parameter("tre200s0").descriptionEn()).isEqualTo("Air temperature");
  }
}
