package org.remotestore.medallion.sql;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.remotestore.medallion.bronze.BronzeSinks;
import org.remotestore.medallion.gold.Alert;
import org.remotestore.medallion.gold.DailySummary;
import org.remotestore.medallion.gold.StationStats;
import org.remotestore.medallion.silver.SilverRecord;
import org.remotestore.meteoswiss.Granularity;
import org.remotestore.meteoswiss.MeasurementRow;
import org.remotestore.meteoswiss.MeteoSwissCsvParser;
import org.remotestore.meteoswiss.ParseResult;
import org.remotestore.meteoswiss.RejectedRow;
import org.remotestore.sink.ParquetSinks;

/**
 * A small lake written by the project's own sinks ({@link BronzeSinks}, {@link SilverRecord#sink},
 * {@link ParquetSinks#table}) through {@code rs://lake/...}, from known records: two stations, one
 * full UTC day and the start of the next, a corrected value, an empty line, two malformed lines,
 * gold rows computed here from the same records. Everything a test expects is derived from the
 * fields of this class, never from the lake.
 */
final class SampleLake {
  static final Charset CP1252 = Charset.forName("windows-1252");
  static final String HEADER =
      "station_abbr;reference_timestamp;tre200s0;rre150z0;sre000z0;fu3010z1";
  static final LocalDate DAY1 = LocalDate.parse("2026-03-01");
  static final LocalDate DAY2 = LocalDate.parse("2026-03-02");
  static final int DAY2_SLOTS = 36;
  static final Instant INGESTED_AT = Instant.parse("2026-03-02T06:05:00Z");
  static final Instant CORRECTED_AT = DAY1.atTime(10, 0).toInstant(ZoneOffset.UTC);
  static final double CORRECTION = 1.5;
  static final int EMPTY_SLOT = 77;

  record Station(
      String abbr, String name, String canton, double elevation, double lat, double lon) {}

  record Parameter(String name, String unit) {}

  static final List<Station> STATIONS =
      List.of(
          new Station("BER", "Bern / Zollikofen", "BE", 553.0, 46.990744, 7.464061),
          new Station("SMA", "Zürich / Fluntern", "ZH", 556.0, 47.377925, 8.565742));

  static final Map<String, Parameter> PARAMETERS =
      Map.of(
          "tre200s0", new Parameter("Air temperature 2 m above ground; current value", "°C"),
          "rre150z0", new Parameter("Precipitation; ten minutes total", "mm"),
          "sre000z0", new Parameter("Sunshine duration; ten minutes total", "min"),
          "fu3010z1", new Parameter("Gust peak (one second); maximum", "km/h"));

  static final Map<String, String> META_FILES =
      Map.of(
          "ogd-smn_meta_stations.csv",
          "station_abbr;station_name;station_canton\nBER;Bern / Zollikofen;BE\nSMA;Zürich / Fluntern;ZH\n",
          "ogd-smn_meta_parameters.csv",
          "parameter_shortname;parameter_unit\ntre200s0;°C\nrre150z0;mm\nsre000z0;min\nfu3010z1;km/h\n");

  /** Every bronze line as received (first publications, the correction, the empty line). */
  final List<MeasurementRow> measurements = new ArrayList<>();

  final List<RejectedRow> rejected = new ArrayList<>();

  /** Silver: one record per present value, plus revision 1 of the corrected value. */
  final List<SilverRecord> silver = new ArrayList<>();

  final List<DailySummary> dailySummaries = new ArrayList<>();
  final List<StationStats> stationStats = new ArrayList<>();
  final List<Alert> alerts = new ArrayList<>();

  SampleLake() throws IOException {
    MeteoSwissCsvParser parser =
        MeteoSwissCsvParser.builder().granularity(Granularity.T).keepRawLine(true).build();
    for (Station station : STATIONS) {
      StringBuilder csv = new StringBuilder(HEADER).append('\n');
      for (int slot = 0; slot < 144 + DAY2_SLOTS; slot++) {
        csv.append(line(station, slot)).append('\n');
      }
      if (station.abbr().equals("BER")) {
        csv.append("BER;not-a-date;1.0;0;0;5\n");
        csv.append("BER;01.03.2026 12:00;1.0\n");
      }
      ParseResult parsed =
          parse(parser, csv.toString(), station.abbr().toLowerCase() + "/t_now.csv");
      measurements.addAll(parsed.rows());
      rejected.addAll(parsed.rejected());
      for (MeasurementRow row : parsed.rows()) {
        row.values()
            .forEach((code, value) -> silver.add(silverRecord(station, row, code, value, 0)));
      }
    }
    // BER's 10:00 temperature of day 1, published again corrected: a further bronze line, and
    // revision 1 of that one value in silver (the job drops the unchanged values as repeats).
    MeasurementRow first =
        measurements.stream()
            .filter(r -> r.station().equals("BER") && r.referenceTimestamp().equals(CORRECTED_AT))
            .findFirst()
            .orElseThrow();
    double corrected = first.values().get("tre200s0") + CORRECTION;
    String[] fields = first.rawLine().split(";", -1);
    fields[2] = format(corrected);
    String correctedLine = String.join(";", fields);
    MeasurementRow correction =
        parse(parser, HEADER + "\n" + correctedLine + "\n", "ber/t_now.csv")
            .rows()
            .get(0)
            .withRevision(1);
    measurements.add(correction);
    silver.add(silverRecord(STATIONS.get(0), correction, "tre200s0", corrected, 1));

    computeGold();
  }

  /** The feed line of a station's 10-minute slot, counted from day 1 00:00 UTC. */
  private static String line(Station station, int slot) {
    Instant at = DAY1.atStartOfDay().toInstant(ZoneOffset.UTC).plus(Duration.ofMinutes(10L * slot));
    boolean ber = station.abbr().equals("BER");
    if (ber && slot == EMPTY_SLOT) {
      return "BER;" + stamp(at) + ";;;;";
    }
    double base = ber ? 1.0 : 4.0;
    double temp = base + 6.0 * Math.sin((slot % 144) * 2 * Math.PI / 144.0 - Math.PI / 2);
    double rain = slot % 20 == 0 ? 0.3 : 0.0;
    if (!ber && slot == 100) {
      rain = 6.2;
    }
    double sun = (slot % 144) >= 50 && (slot % 144) < 100 ? 10.0 : 0.0;
    double gust = 10.0 + slot % 17;
    if (ber && slot == 144 + 20) {
      gust = 80.4;
    }
    String gustField = !ber && slot % 7 == 0 ? "" : format(gust);
    return String.join(
        ";", station.abbr(), stamp(at), format(temp), format(rain), format(sun), gustField);
  }

  private static String format(double value) {
    return String.format(java.util.Locale.ROOT, "%.1f", value);
  }

  private static String stamp(Instant at) {
    return DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm").withZone(ZoneOffset.UTC).format(at);
  }

  private static ParseResult parse(MeteoSwissCsvParser parser, String text, String file)
      throws IOException {
    return parser.parseAll(new ByteArrayInputStream(text.getBytes(CP1252)), file);
  }

  private static SilverRecord silverRecord(
      Station station, MeasurementRow row, String code, double value, int revision) {
    Parameter parameter = PARAMETERS.get(code);
    return new SilverRecord(
        station.abbr(),
        station.name(),
        station.canton(),
        station.elevation(),
        station.lat(),
        station.lon(),
        row.referenceTimestamp(),
        code,
        parameter.name(),
        parameter.unit(),
        value,
        "t",
        revision,
        INGESTED_AT);
  }

  static Station station(String abbr) {
    return STATIONS.stream().filter(s -> s.abbr().equals(abbr)).findFirst().orElseThrow();
  }

  static LocalDate dayOf(Instant at) {
    return LocalDate.ofInstant(at, ZoneOffset.UTC);
  }

  /** Silver with only the newest revision of each (station, timestamp, parameter). */
  List<SilverRecord> silverLatest() {
    Map<List<Object>, SilverRecord> latest = new LinkedHashMap<>();
    for (SilverRecord r : silver) {
      latest.merge(
          List.of(r.stationAbbr(), r.referenceTimestamp(), r.parameter()),
          r,
          (a, b) -> a.revision() >= b.revision() ? a : b);
    }
    return List.copyOf(latest.values());
  }

  /** Silver before the correction arrived. */
  List<SilverRecord> silverFirstPublication() {
    return silver.stream().filter(r -> r.revision() == 0).toList();
  }

  private void computeGold() {
    Instant day1End = DAY2.atStartOfDay().toInstant(ZoneOffset.UTC);
    for (Station station : STATIONS) {
      dailySummaries.add(
          summary(silverFirstPublication(), station.abbr(), DAY1, 0, day1End.plusSeconds(600)));
    }
    dailySummaries.add(summary(silverLatest(), "BER", DAY1, 1, INGESTED_AT));

    for (Instant asOf : List.of(day1End.minus(Duration.ofHours(12)), INGESTED_AT)) {
      for (Station station : STATIONS) {
        List<SilverRecord> upTo =
            silverLatest().stream()
                .filter(r -> r.stationAbbr().equals(station.abbr()))
                .filter(r -> !r.referenceTimestamp().isAfter(asOf))
                .toList();
        TreeSet<Instant> stamps = new TreeSet<>();
        upTo.forEach(r -> stamps.add(r.referenceTimestamp()));
        long slots = Duration.between(stamps.first(), stamps.last()).toMinutes() / 10 + 1;
        double mean =
            upTo.stream()
                .filter(r -> r.parameter().equals("tre200s0"))
                .mapToDouble(SilverRecord::value)
                .average()
                .orElseThrow();
        stationStats.add(
            new StationStats(
                station.abbr(),
                station.name(),
                station.elevation(),
                stamps.size(),
                stamps.size() / (double) slots,
                mean,
                mean + 0.0065 * station.elevation(),
                stamps.first(),
                stamps.last(),
                asOf));
      }
    }

    addAlerts("frost", "tre200s0", 0.0, v -> v <= 0.0);
    addAlerts("heat", "tre200s0", 30.0, v -> v >= 30.0);
    addAlerts("storm_gust", "fu3010z1", 75.0, v -> v >= 75.0);
    addAlerts("heavy_rain", "rre150z0", 5.0, v -> v >= 5.0);
  }

  private DailySummary summary(
      List<SilverRecord> records, String station, LocalDate day, int version, Instant emittedAt) {
    List<SilverRecord> ofDay =
        records.stream()
            .filter(
                r -> r.stationAbbr().equals(station) && dayOf(r.referenceTimestamp()).equals(day))
            .toList();
    TreeSet<Instant> stamps = new TreeSet<>();
    ofDay.forEach(r -> stamps.add(r.referenceTimestamp()));
    return new DailySummary(
        station,
        day,
        version,
        stat(ofDay, "tre200s0").getAverage(),
        stat(ofDay, "tre200s0").getMin(),
        stat(ofDay, "tre200s0").getMax(),
        stat(ofDay, "rre150z0").getSum(),
        stat(ofDay, "sre000z0").getSum(),
        stat(ofDay, "fu3010z1").getMax(),
        stamps.size(),
        stamps.size() / 144.0,
        emittedAt);
  }

  private static java.util.DoubleSummaryStatistics stat(List<SilverRecord> records, String code) {
    return records.stream()
        .filter(r -> r.parameter().equals(code))
        .mapToDouble(SilverRecord::value)
        .summaryStatistics();
  }

  private void addAlerts(String kind, String code, double threshold, Predicate<Double> fires) {
    Map<List<Object>, SilverRecord> firstPerDay =
        new TreeMap<>(Comparator.comparing(Object::toString));
    silverFirstPublication().stream()
        .filter(r -> r.parameter().equals(code) && fires.test(r.value()))
        .sorted(Comparator.comparing(SilverRecord::referenceTimestamp))
        .forEach(
            r ->
                firstPerDay.putIfAbsent(
                    List.of(r.stationAbbr(), dayOf(r.referenceTimestamp())), r));
    for (SilverRecord r : firstPerDay.values()) {
      alerts.add(
          new Alert(
              r.stationAbbr(),
              kind,
              dayOf(r.referenceTimestamp()),
              r.referenceTimestamp(),
              code,
              r.value(),
              threshold,
              r.referenceTimestamp().plusSeconds(60)));
    }
  }

  /**
   * Writes the lake through {@code rs://lake/...} (the caller has registered the store) with one
   * bounded batch job, and the metadata files into {@code bronze/meta/} of the local folder behind
   * the store.
   */
  void write(Path lakeFolder) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setRuntimeMode(RuntimeExecutionMode.BATCH);
    env.setParallelism(2);
    env.fromData(measurements)
        .sinkTo(BronzeSinks.rows(new org.apache.flink.core.fs.Path("rs://lake/bronze/rows")));
    env.fromData(rejected)
        .sinkTo(BronzeSinks.rejects(new org.apache.flink.core.fs.Path("rs://lake/bronze/rejects")));
    env.fromData(silver)
        .sinkTo(SilverRecord.sink(new org.apache.flink.core.fs.Path("rs://lake/silver")))
        .uid("silver");
    org.apache.flink.core.fs.Path gold = new org.apache.flink.core.fs.Path("rs://lake/gold");
    env.fromData(dailySummaries)
        .sinkTo(
            ParquetSinks.table(
                gold, DailySummary.TABLE, DailySummary.ROW_TYPE, DailySummary::toFileRow));
    env.fromData(stationStats)
        .sinkTo(
            ParquetSinks.table(
                gold, StationStats.TABLE, StationStats.ROW_TYPE, StationStats::toFileRow));
    env.fromData(alerts)
        .sinkTo(ParquetSinks.table(gold, Alert.TABLE, Alert.ROW_TYPE, Alert::toFileRow));
    env.execute("sample lake");

    Path meta = lakeFolder.resolve("bronze/meta");
    Files.createDirectories(meta);
    for (Map.Entry<String, String> file : META_FILES.entrySet()) {
      Files.write(meta.resolve(file.getKey()), file.getValue().getBytes(CP1252));
    }
  }
}
