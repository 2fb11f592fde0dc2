package org.remotestore.meteoswiss;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The real files published by MeteoSwiss (in ../shared/data/meteoswiss) parse completely. */
class RealFilesParsingTest {

  @Test
  void allStationsParseWithCorrectWindows1252Names() throws Exception {
    Path file = SharedData.file(FeedFile.META_STATIONS);
    MeteoSwissMetadata.Result<StationMeta> result;
    try (InputStream in = Files.newInputStream(file)) {
      result = MeteoSwissMetadata.parseStations(in, FeedFile.META_STATIONS);
    }
    assertThat(result.rejected()).isEmpty();
    assertThat(result.items()).hasSize(157);
    assertThat(result.header()).hasSize(24).startsWith("station_abbr", "station_name");
    Map<String, StationMeta> byCode =
        result.items().stream().collect(Collectors.toMap(StationMeta::abbr, Function.identity()));
    assertThat(byCode).hasSize(157);
    assertThat(byCode.get("KLO").name()).isEqualTo("Zürich / Kloten");
    assertThat(byCode.get("AEG").name()).isEqualTo("Oberägeri");
    assertThat(byCode.get("SAE").name()).isEqualTo("Säntis");
    assertThat(byCode.get("GVE").name()).isEqualTo("Genève / Cointrin");
    StationMeta ber = byCode.get("BER");
    assertThat(ber.name()).isEqualTo("Bern / Zollikofen");
    assertThat(ber.canton()).isEqualTo("BE");
    assertThat(ber.wigosId()).isEqualTo("0-20000-0-06631");
    assertThat(ber.heightMasl()).isEqualTo(553.0);
    assertThat(ber.latitude()).isEqualTo(46.990744);
    assertThat(ber.longitude()).isEqualTo(7.464061);
    assertThat(ber.dataSince()).isEqualTo(LocalDate.of(1864, 1, 1));
    assertThat(ber.typeEn()).isEqualTo("Automatic weather stations");
    // AEG has no barometer height: an empty field stays empty, the line is still accepted
    assertThat(byCode.get("AEG").column("station_height_barometer_masl")).isEmpty();
  }

  @Test
  void allParametersParseIncludingQuotedSemicolons() throws Exception {
    Path file = SharedData.file(FeedFile.META_PARAMETERS);
    MeteoSwissMetadata.Result<ParameterMeta> result;
    try (InputStream in = Files.newInputStream(file)) {
      result = MeteoSwissMetadata.parseParameters(in, FeedFile.META_PARAMETERS);
    }
    assertThat(result.rejected()).isEmpty();
    assertThat(result.items()).hasSize(154);
    Map<String, ParameterMeta> byCode =
        result.items().stream().collect(Collectors.toMap(ParameterMeta::code, Function.identity()));
    assertThat(byCode).hasSize(154);
    ParameterMeta dkl = byCode.get("dkl010d0");
    assertThat(dkl.descriptionEn()).isEqualTo("Wind direction; daily mean");
    assertThat(dkl.descriptionDe()).isEqualTo("Windrichtung; Tagesmittel");
    assertThat(dkl.granularity()).isEqualTo(Granularity.D);
    assertThat(dkl.unit()).isEqualTo("°");
    ParameterMeta t = byCode.get("tre200s0");
    assertThat(t.granularity()).isEqualTo(Granularity.T);
    assertThat(t.unit()).isEqualTo("°C");
    assertThat(t.decimals()).isEqualTo(1);
    assertThat(t.datatype()).isEqualTo("Float");
    assertThat(byCode.get("gre000z0").unit()).isEqualTo("W/m²");
    assertThat(byCode.get("wcc006s0").descriptionDe()).isEqualTo("Föhnindex");
    assertThat(result.items().stream().map(ParameterMeta::granularity).distinct())
        .containsExactlyInAnyOrder(Granularity.values());
  }

  @Test
  void bernTenMinuteRowsParse() throws Exception {
    Path file = SharedData.file("ogd-smn_ber_t_historical_2000-2009_excerpt.csv");
    ParseResult result;
    try (InputStream in = Files.newInputStream(file)) {
      result =
          MeteoSwissCsvParser.defaults().parseAll(in, "ber/ogd-smn_ber_t_historical_2000-2009.csv");
    }
    assertThat(result.rejected()).isEmpty();
    assertThat(result.columns()).hasSize(31).startsWith("station_abbr", "reference_timestamp");
    List<MeasurementRow> rows = result.rows();
    assertThat(rows).hasSize(4);
    assertThat(rows)
        .extracting(MeasurementRow::referenceTimestamp)
        .containsExactly(
            Instant.parse("2004-02-01T00:00:00Z"),
            Instant.parse("2004-02-01T00:10:00Z"),
            Instant.parse("2004-02-01T00:20:00Z"),
            Instant.parse("2004-02-01T00:30:00Z"));
    MeasurementRow first = rows.get(0);
    assertThat(first.station()).isEqualTo("BER");
    assertThat(first.granularity()).isEqualTo(Granularity.T);
    assertThat(first.value("tre200s0")).hasValue(7.4);
    assertThat(first.value("tre005s0")).hasValue(1.7);
    assertThat(first.value("tresurs0")).isEmpty();
    assertThat(first.value("ure200s0")).hasValue(66.2);
    assertThat(first.value("prestas0")).hasValue(955.5);
    assertThat(first.value("fu3010z1")).hasValue(20.9);
    assertThat(first.value("dkl010z0")).hasValue(258.0);
    assertThat(first.value("sre000z0")).hasValue(0.0);
    // 29 parameter columns, 13 of them empty in that line
    assertThat(first.values()).hasSize(16);
    assertThat(first.rawLine()).startsWith("BER;01.02.2004 00:00;7.4").doesNotEndWith("\r");
    assertThat(first.header()).startsWith("station_abbr;reference_timestamp;tre200s0");
    assertThat(first.lineNumber()).isEqualTo(2);
    assertThat(rows.get(3).value("pp0qffs0")).hasValue(1023.3);
  }
}
