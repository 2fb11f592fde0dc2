package org.remotestore.meteoswiss.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.remotestore.meteoswiss.FeedFile;
import org.remotestore.meteoswiss.Granularity;
import org.remotestore.meteoswiss.MeasurementRow;
import org.remotestore.meteoswiss.MeteoSwissCsvParser;
import org.remotestore.meteoswiss.MeteoSwissMetadata;
import org.remotestore.meteoswiss.ParameterMeta;
import org.remotestore.meteoswiss.ParseResult;
import org.remotestore.meteoswiss.RejectReason;
import org.remotestore.meteoswiss.StationMeta;

class ReplayServerTest {

  static final Instant START = Instant.parse("2026-03-15T10:05:00Z");
  static final String BER_T_NOW = "ber/ogd-smn_ber_t_now.csv";

  private MeteoSwissReplayServer replay;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeEach
  void start() throws IOException {
    replay = MeteoSwissReplayServer.builder().start(START).build().start();
  }

  @AfterEach
  void stop() {
    replay.close();
  }

  private HttpResponse<byte[]> get(String pathBelowRoot, String... headers) throws Exception {
    return send("GET", replay.dataRoot().resolve(pathBelowRoot), headers);
  }

  private HttpResponse<byte[]> send(String method, URI uri, String... headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri)
            .method(method, HttpRequest.BodyPublishers.noBody())
            .timeout(Duration.ofSeconds(20));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static ParseResult parse(byte[] body, String path) throws IOException {
    return MeteoSwissCsvParser.defaults().parseAll(new ByteArrayInputStream(body), path);
  }

  private static List<MeasurementRow> bare(List<MeasurementRow> rows) {
    return rows.stream().map(MeasurementRow::withoutProvenance).toList();
  }

  @Test
  void metadataComesFromTheShippedFixtureInWindows1252() throws Exception {
    HttpResponse<byte[]> stations = get(FeedFile.META_STATIONS);
    assertThat(stations.statusCode()).isEqualTo(200);
    byte[] bytes = stations.body();
    assertThat(new String(bytes, Charset.forName("windows-1252"))).contains("Zürich / Kloten");
    assertThat(bytes).doesNotContain((byte) 0xc3); // not UTF-8
    MeteoSwissMetadata.Result<StationMeta> parsed =
        MeteoSwissMetadata.parseStations(new ByteArrayInputStream(bytes), FeedFile.META_STATIONS);
    assertThat(parsed.rejected()).isEmpty();
    assertThat(parsed.header()).hasSize(24);
    Map<String, StationMeta> byCode =
        parsed.items().stream().collect(Collectors.toMap(StationMeta::abbr, Function.identity()));
    assertThat(byCode.keySet())
        .containsExactlyInAnyOrder(
            "BAS", "BER", "DAV", "GVE", "JUN", "KLO", "LUG", "SAE", "SIO", "SMA");
    assertThat(byCode.get("KLO").name()).isEqualTo("Zürich / Kloten");
    assertThat(byCode.get("SAE").name()).isEqualTo("Säntis");
    assertThat(byCode.get("GVE").name()).isEqualTo("Genève / Cointrin");
    assertThat(byCode.get("JUN").heightMasl()).isEqualTo(3571.0);
    assertThat(byCode.get("BER").latitude()).isEqualTo(46.990744);
    assertThat(byCode.get("BER").wigosId()).isEqualTo("0-20000-0-06631");
    assertThat(byCode.get("BER").dataSince()).isEqualTo(java.time.LocalDate.of(2025, 12, 1));

    MeteoSwissMetadata.Result<ParameterMeta> params =
        MeteoSwissMetadata.parseParameters(
            new ByteArrayInputStream(get(FeedFile.META_PARAMETERS).body()), "p");
    assertThat(params.rejected()).isEmpty();
    Map<String, ParameterMeta> p =
        params.items().stream().collect(Collectors.toMap(ParameterMeta::code, Function.identity()));
    assertThat(p.get("tre200s0").unit()).isEqualTo("°C");
    assertThat(p.get("gre000z0").unit()).isEqualTo("W/m²");
    assertThat(p.get("rre150d0").descriptionEn()).contains("6 UTC");
    for (String code : WeatherModel.T_COLUMNS) {
      assertThat(p.get(code).granularity()).isEqualTo(Granularity.T);
    }

    var inventory =
        MeteoSwissMetadata.parseDataInventory(
            new ByteArrayInputStream(get(FeedFile.META_DATA_INVENTORY).body()), "i");
    assertThat(inventory.rejected()).isEmpty();
    assertThat(inventory.items())
        .anySatisfy(e -> assertThat(e.station() + e.parameter()).isEqualTo("JUNhtoauts0"))
        .noneSatisfy(e -> assertThat(e.station() + e.parameter()).isEqualTo("BASHTOAUTS0"));
  }

  @Test
  void servedFilesParseToExactlyTheGroundTruth() throws Exception {
    ReplayFeed feed = replay.feed();
    List<FeedFile> files = feed.files("BER");
    assertThat(files)
        .extracting(FeedFile::path)
        .containsExactly(
            "ber/ogd-smn_ber_t_now.csv",
            "ber/ogd-smn_ber_t_recent.csv",
            "ber/ogd-smn_ber_t_historical_2020-2029.csv",
            "ber/ogd-smn_ber_h_now.csv",
            "ber/ogd-smn_ber_h_recent.csv",
            "ber/ogd-smn_ber_h_historical_2020-2029.csv",
            "ber/ogd-smn_ber_d_recent.csv",
            "ber/ogd-smn_ber_d_historical.csv",
            "ber/ogd-smn_ber_m.csv");
    Instant yesterdayNoon = Instant.parse("2026-03-14T12:00:00Z");
    Instant jan1 = Instant.parse("2026-01-01T00:00:00Z");
    Instant today = Instant.parse("2026-03-15T00:00:00Z");
    Map<String, Instant[]> windows =
        Map.of(
            "t_now", new Instant[] {yesterdayNoon, START.plusSeconds(1)},
            "h_now", new Instant[] {yesterdayNoon, START.plusSeconds(1)},
            "t_recent", new Instant[] {jan1, today},
            "h_historical_2020-2029", new Instant[] {feed.historyStart(), jan1},
            "d_recent", new Instant[] {jan1, today},
            "d_historical", new Instant[] {feed.historyStart(), jan1},
            "m", new Instant[] {feed.historyStart(), today});
    for (Map.Entry<String, Instant[]> w : windows.entrySet()) {
      String path = "ber/ogd-smn_ber_" + w.getKey() + ".csv";
      HttpResponse<byte[]> rsp = get(path);
      assertThat(rsp.statusCode()).as(path).isEqualTo(200);
      ParseResult parsed = parse(rsp.body(), path);
      assertThat(parsed.rejected()).as(path).isEmpty();
      Granularity g = FeedFile.parse(path).granularity();
      List<MeasurementRow> truth = feed.publishedRows("BER", g, w.getValue()[0], w.getValue()[1]);
      assertThat(truth).as(path).isNotEmpty();
      assertThat(bare(parsed.rows())).as(path).isEqualTo(truth);
    }
    // the t now file ends with the interval that ended at 10:00 and starts yesterday 12:00
    List<MeasurementRow> now = parse(get(BER_T_NOW).body(), BER_T_NOW).rows();
    assertThat(now.get(now.size() - 1).referenceTimestamp())
        .isEqualTo(Instant.parse("2026-03-15T10:00:00Z"));
    assertThat(now.get(0).referenceTimestamp()).isAfterOrEqualTo(yesterdayNoon);
    // t/h files exist for ten stations, Windows-1252 file names need none; a gap-free day has 144
    assertThat(feed.publishedRows("BER", Granularity.T, today, today.plusSeconds(36_000)))
        .hasSizeBetween(55, 60);
  }

  @Test
  void timeAdvanceAppendsTenMinuteRows() throws Exception {
    HttpResponse<byte[]> before = get(BER_T_NOW);
    String etagBefore = before.headers().firstValue("ETag").orElseThrow();
    replay.clock().advance(Duration.ofMinutes(30));
    HttpResponse<byte[]> after = get(BER_T_NOW);
    assertThat(after.headers().firstValue("ETag")).isPresent().get().isNotEqualTo(etagBefore);
    // append-only: the old body is a prefix of the new one
    byte[] a = before.body();
    byte[] b = after.body();
    assertThat(b.length).isGreaterThan(a.length);
    assertThat(java.util.Arrays.copyOf(b, a.length)).isEqualTo(a);
    List<MeasurementRow> rows = parse(b, BER_T_NOW).rows();
    List<MeasurementRow> added =
        rows.stream()
            .filter(r -> r.referenceTimestamp().isAfter(Instant.parse("2026-03-15T10:00:00Z")))
            .toList();
    assertThat(bare(added))
        .isEqualTo(
            replay
                .feed()
                .publishedRows(
                    "BER",
                    Granularity.T,
                    Instant.parse("2026-03-15T10:10:00Z"),
                    Instant.parse("2026-03-15T10:40:00Z")));
    assertThat(added)
        .extracting(MeasurementRow::referenceTimestamp)
        .contains(Instant.parse("2026-03-15T10:30:00Z"));
    // the hourly file gains its 11:00 row only once the hour is complete
    assertThat(lastTimestamp("ber/ogd-smn_ber_h_now.csv"))
        .isEqualTo(Instant.parse("2026-03-15T10:00:00Z"));
    replay.clock().advance(Duration.ofMinutes(30));
    assertThat(lastTimestamp("ber/ogd-smn_ber_h_now.csv"))
        .isEqualTo(Instant.parse("2026-03-15T11:00:00Z"));
  }

  private Instant lastTimestamp(String path) throws Exception {
    List<MeasurementRow> rows = parse(get(path).body(), path).rows();
    return rows.get(rows.size() - 1).referenceTimestamp();
  }

  @Test
  void conditionalRequestsAnswer304WithoutBody() throws Exception {
    HttpResponse<byte[]> first = get(BER_T_NOW);
    String etag = first.headers().firstValue("ETag").orElseThrow();
    String lastModified = first.headers().firstValue("Last-Modified").orElseThrow();
    assertThat(etag).matches("\"[0-9a-f]{32}\"");
    assertThat(lastModified).isEqualTo("Sun, 15 Mar 2026 10:00:00 GMT");
    assertThat(first.headers().firstValue("Accept-Ranges")).hasValue("bytes");
    assertThat(first.headers().firstValue("Cache-Control")).hasValue("public, max-age=10");
    replay.clearRequests();

    HttpResponse<byte[]> notModified = get(BER_T_NOW, "If-None-Match", etag);
    assertThat(notModified.statusCode()).isEqualTo(304);
    assertThat(notModified.body()).isEmpty();
    assertThat(notModified.headers().firstValue("ETag")).hasValue(etag);
    HttpResponse<byte[]> byDate = get(BER_T_NOW, "If-Modified-Since", lastModified);
    assertThat(byDate.statusCode()).isEqualTo(304);
    assertThat(replay.requests())
        .extracting(MeteoSwissReplayServer.RequestRecord::bodyBytes)
        .containsOnly(0L);

    replay.clock().advance(Duration.ofMinutes(10));
    assertThat(get(BER_T_NOW, "If-None-Match", etag).statusCode()).isEqualTo(200);
    assertThat(get(BER_T_NOW, "If-Modified-Since", lastModified).statusCode()).isEqualTo(200);
    // If-None-Match wins over If-Modified-Since
    assertThat(
            get(
                    BER_T_NOW,
                    "If-None-Match",
                    "\"other\"",
                    "If-Modified-Since",
                    "Sun, 15 Mar 2099 10:00:00 GMT")
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void rangeRequestsReturnPartialContent() throws Exception {
    byte[] full = get(BER_T_NOW).body();
    String etag = get(BER_T_NOW).headers().firstValue("ETag").orElseThrow();
    HttpResponse<byte[]> part = get(BER_T_NOW, "Range", "bytes=10-19");
    assertThat(part.statusCode()).isEqualTo(206);
    assertThat(part.headers().firstValue("Content-Range")).hasValue("bytes 10-19/" + full.length);
    assertThat(part.body()).isEqualTo(java.util.Arrays.copyOfRange(full, 10, 20));
    HttpResponse<byte[]> tail = get(BER_T_NOW, "Range", "bytes=-5");
    assertThat(tail.body())
        .isEqualTo(java.util.Arrays.copyOfRange(full, full.length - 5, full.length));
    HttpResponse<byte[]> open = get(BER_T_NOW, "Range", "bytes=" + (full.length - 3) + "-");
    assertThat(open.body()).hasSize(3);
    HttpResponse<byte[]> beyond = get(BER_T_NOW, "Range", "bytes=" + full.length + "-");
    assertThat(beyond.statusCode()).isEqualTo(416);
    assertThat(beyond.headers().firstValue("Content-Range")).hasValue("bytes */" + full.length);
    // If-Range with a stale validator gives the full body
    HttpResponse<byte[]> stale = get(BER_T_NOW, "Range", "bytes=0-9", "If-Range", "\"stale\"");
    assertThat(stale.statusCode()).isEqualTo(200);
    assertThat(stale.body()).isEqualTo(full);
    assertThat(get(BER_T_NOW, "Range", "bytes=0-9", "If-Range", etag).statusCode()).isEqualTo(206);

    // incremental fetch: after time advances, a Range from the old length returns only new rows
    replay.clock().advance(Duration.ofMinutes(20));
    HttpResponse<byte[]> delta = get(BER_T_NOW, "Range", "bytes=" + full.length + "-");
    assertThat(delta.statusCode()).isEqualTo(206);
    String newLines = new String(delta.body(), StandardCharsets.US_ASCII);
    assertThat(newLines).startsWith("BER;15.03.2026 10:10;").contains("\nBER;15.03.2026 10:20;");
  }

  @Test
  void gzipWhenAskedAndHeadWithoutBody() throws Exception {
    byte[] identity = get(BER_T_NOW).body();
    HttpResponse<byte[]> gz = get(BER_T_NOW, "Accept-Encoding", "gzip");
    assertThat(gz.headers().firstValue("Content-Encoding")).hasValue("gzip");
    assertThat(gz.body().length).isLessThan(identity.length);
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz.body()))) {
      assertThat(in.readAllBytes()).isEqualTo(identity);
    }
    // the parser takes the compressed body as is
    assertThat(parse(gz.body(), BER_T_NOW).rows()).hasSameSizeAs(parse(identity, BER_T_NOW).rows());
    String gzEtag = gz.headers().firstValue("ETag").orElseThrow();
    assertThat(get(BER_T_NOW, "Accept-Encoding", "gzip", "If-None-Match", gzEtag).statusCode())
        .isEqualTo(304);
    assertThat(
            get(BER_T_NOW, "Accept-Encoding", "gzip;q=0").headers().firstValue("Content-Encoding"))
        .isEmpty();

    HttpResponse<byte[]> head = send("HEAD", replay.dataRoot().resolve(BER_T_NOW));
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(head.headers().firstValue("Content-Length"))
        .hasValue(Integer.toString(identity.length));
    assertThat(head.headers().firstValue("ETag")).isPresent();

    assertThat(get("ber/ogd-smn_ber_d_now.csv").statusCode()).isEqualTo(404);
    assertThat(get("xyz/ogd-smn_xyz_t_now.csv").statusCode()).isEqualTo(404);
    assertThat(get("ber/ogd-smn_ber_t_historical_1990-1999.csv").statusCode()).isEqualTo(404);
    assertThat(send("POST", replay.dataRoot().resolve(BER_T_NOW)).statusCode()).isEqualTo(405);
  }

  @Test
  void stacItemsArePagedAndCarryChecksums() throws Exception {
    // a start early in January keeps the recent files (whose checksums the listing needs) short
    replay.close();
    replay =
        MeteoSwissReplayServer.builder()
            .start(Instant.parse("2026-01-06T08:00:00Z"))
            .historyStart(Instant.parse("2026-01-01T00:00:00Z"))
            .build()
            .start();
    List<String> ids = new ArrayList<>();
    URI next = URI.create(replay.stacItems() + "?limit=3");
    int pages = 0;
    String kloTitle = null;
    String berNowChecksum = null;
    String berNowHref = null;
    while (next != null) {
      HttpResponse<byte[]> rsp = send("GET", next);
      assertThat(rsp.statusCode()).isEqualTo(200);
      String json = new String(rsp.body(), StandardCharsets.UTF_8);
      pages++;
      Matcher ids1 = Pattern.compile("\"type\":\"Feature\",\"id\":\"([a-z]+)\"").matcher(json);
      while (ids1.find()) {
        ids.add(ids1.group(1));
      }
      Matcher title = Pattern.compile("\"title\":\"([^\"]*\\(KLO\\))\"").matcher(json);
      if (title.find()) {
        kloTitle = title.group(1);
      }
      Matcher asset =
          Pattern.compile(
                  "\"ogd-smn_ber_t_now.csv\":\\{\"type\":\"text/csv\",\"href\":\"([^\"]+)\".*?\"file:checksum\":\"([0-9a-f]+)\"")
              .matcher(json);
      if (asset.find()) {
        berNowHref = asset.group(1);
        berNowChecksum = asset.group(2);
      }
      Matcher n = Pattern.compile("\"rel\":\"next\",\"href\":\"([^\"]+)\"").matcher(json);
      next = n.find() ? URI.create(n.group(1)) : null;
    }
    assertThat(pages).isEqualTo(4);
    assertThat(ids)
        .containsExactly("bas", "ber", "dav", "gve", "jun", "klo", "lug", "sae", "sio", "sma");
    assertThat(kloTitle).isEqualTo("Zürich / Kloten (KLO)");
    assertThat(berNowHref).isEqualTo(replay.dataRoot().resolve(BER_T_NOW).toString());
    byte[] body = send("GET", URI.create(berNowHref)).body();
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    assertThat(berNowChecksum).isEqualTo("1220" + sha);

    HttpResponse<byte[]> single = send("GET", URI.create(replay.stacItems() + "/jun"));
    assertThat(new String(single.body(), StandardCharsets.UTF_8))
        .contains("\"id\":\"jun\"")
        .contains("\"coordinates\":[7.985444,46.547556]")
        .contains("ogd-smn_jun_d_recent.csv")
        .doesNotContain("historical");
    assertThat(send("GET", URI.create(replay.stacItems() + "/nope")).statusCode()).isEqualTo(404);
  }

  @Test
  void injectedHttpFaults() throws Exception {
    replay.faults().failNext(2, "ber/");
    assertThat(get("klo/ogd-smn_klo_t_now.csv").statusCode()).isEqualTo(200);
    assertThat(get(BER_T_NOW).statusCode()).isEqualTo(500);
    assertThat(get(BER_T_NOW).statusCode()).isEqualTo(500);
    assertThat(get(BER_T_NOW).statusCode()).isEqualTo(200);

    replay.faults().throttleNext(1, Duration.ofMillis(1500));
    HttpResponse<byte[]> throttled = get(BER_T_NOW);
    assertThat(throttled.statusCode()).isEqualTo(429);
    assertThat(throttled.headers().firstValue("Retry-After")).hasValue("2");

    replay.faults().slowNext(1, Duration.ofMillis(300));
    assertThat(get(BER_T_NOW).statusCode()).isEqualTo(200);
    assertThat(replay.faults().pending()).isZero();

    replay.faults().truncateNext(1);
    assertThatThrownBy(() -> get(BER_T_NOW)).isInstanceOf(IOException.class);
    assertThat(get(BER_T_NOW).statusCode()).isEqualTo(200);
    assertThat(replay.faults().injectedCount()).isEqualTo(5);
  }

  @Test
  void revisionsChangePublishedRowsAndAreInTheGroundTruth() throws Exception {
    String etag = get(BER_T_NOW).headers().firstValue("ETag").orElseThrow();
    MeasurementRow corrected =
        replay.feed().correctRecent("BER", Granularity.T, 3, "tre200s0", 0.7);
    assertThat(corrected.revision()).isEqualTo(1);
    HttpResponse<byte[]> rsp = get(BER_T_NOW, "If-None-Match", etag);
    assertThat(rsp.statusCode()).isEqualTo(200);
    List<MeasurementRow> rows = parse(rsp.body(), BER_T_NOW).rows();
    MeasurementRow served =
        rows.stream().filter(r -> r.key().equals(corrected.key())).findFirst().orElseThrow();
    assertThat(served.values()).isEqualTo(corrected.values());
    List<MeasurementRow> versions =
        replay.feed().versions("BER", Granularity.T, corrected.referenceTimestamp());
    assertThat(versions).hasSize(2);
    assertThat(versions.get(0).value("tre200s0").getAsDouble() + 0.7)
        .isCloseTo(
            versions.get(1).value("tre200s0").getAsDouble(),
            org.assertj.core.data.Offset.offset(0.051));
    assertThat(versions.get(1)).isEqualTo(corrected);
    assertThatThrownBy(
            () ->
                replay.feed().correct("BER", Granularity.T, START.plusSeconds(3600), "tre200s0", 1))
        .hasMessageContaining("not published");
  }

  @Test
  void malformedRowsAreServedAndRejectedByTheParser() throws Exception {
    String line =
        replay.feed().injectMalformedRow("BER", Granularity.T, MalformedKind.BAD_TIMESTAMP);
    replay.feed().injectMalformedRow("BER", Granularity.T, MalformedKind.NON_NUMERIC);
    replay.feed().injectMalformedRow("BER", Granularity.T, MalformedKind.FIELD_COUNT);
    ParseResult parsed = parse(get(BER_T_NOW).body(), BER_T_NOW);
    assertThat(parsed.rejected())
        .extracting(r -> r.reason())
        .containsExactly(
            RejectReason.BAD_TIMESTAMP, RejectReason.NON_NUMERIC, RejectReason.FIELD_COUNT);
    assertThat(parsed.rejected().get(0).rawLine()).isEqualTo(line);
    assertThat(bare(parsed.rows()))
        .isEqualTo(
            replay
                .feed()
                .publishedRows("BER", Granularity.T, Instant.parse("2026-03-14T12:00:00Z"), START));
    assertThat(replay.feed().malformedLines()).hasSize(3).contains(line);
  }

  @Test
  void columnAddedMidStreamMovesTheOthers() throws Exception {
    replay.feed().addColumn("BER", Granularity.T, "tresurs0");
    // not yet visible: no row of the new interval is published
    assertThat(parse(get(BER_T_NOW).body(), BER_T_NOW).columns()).doesNotContain("tresurs0");
    replay.clock().advance(Duration.ofMinutes(20));
    ParseResult parsed = parse(get(BER_T_NOW).body(), BER_T_NOW);
    assertThat(parsed.columns().get(2)).isEqualTo("tresurs0");
    assertThat(parsed.columns().get(3)).isEqualTo("tre200s0");
    assertThat(bare(parsed.rows()))
        .isEqualTo(
            replay
                .feed()
                .publishedRows(
                    "BER",
                    Granularity.T,
                    Instant.parse("2026-03-14T12:00:00Z"),
                    START.plusSeconds(3600)));
    MeasurementRow last = parsed.rows().get(parsed.rows().size() - 1);
    assertThat(last.value("tresurs0")).isPresent();
    assertThat(parsed.rows().get(0).value("tresurs0")).isEmpty();
    // other stations are unaffected
    assertThat(
            parse(get("klo/ogd-smn_klo_t_now.csv").body(), "klo/ogd-smn_klo_t_now.csv").columns())
        .doesNotContain("tresurs0");
  }

  @Test
  void newestRowCanArriveIncompleteAndBeFilledLater() throws Exception {
    try (MeteoSwissReplayServer r =
        MeteoSwissReplayServer.builder()
            .start(START)
            .stations("BER", "LUG")
            .incompleteNewestRow(true)
            .build()
            .start()) {
      URI uri = r.dataRoot().resolve(BER_T_NOW);
      List<MeasurementRow> before = parse(send("GET", uri).body(), BER_T_NOW).rows();
      MeasurementRow newest = before.get(before.size() - 1);
      assertThat(newest.values()).doesNotContainKeys("sre000z0", "gre000z0", "fu3010z1");
      r.clock().advance(Duration.ofMinutes(10));
      List<MeasurementRow> after = parse(send("GET", uri).body(), BER_T_NOW).rows();
      MeasurementRow filled =
          after.stream().filter(x -> x.key().equals(newest.key())).findFirst().orElseThrow();
      assertThat(filled.values()).containsKeys("gre000z0", "fu3010z1");
      assertThat(r.feed().versions("BER", Granularity.T, newest.referenceTimestamp()))
          .extracting(MeasurementRow::withoutProvenance)
          .containsExactly(newest.withoutProvenance(), filled.withoutProvenance());
      assertThat(r.feed().stations()).containsOnlyKeys("BER", "LUG");
    }
  }

  @Test
  void sameSeedSameBytesOtherSeedOtherWeather() throws Exception {
    byte[] a = get(BER_T_NOW).body();
    try (MeteoSwissReplayServer same =
            MeteoSwissReplayServer.builder().start(START).build().start();
        MeteoSwissReplayServer other =
            MeteoSwissReplayServer.builder().start(START).seed(7).build().start()) {
      assertThat(send("GET", same.dataRoot().resolve(BER_T_NOW)).body()).isEqualTo(a);
      assertThat(send("GET", other.dataRoot().resolve(BER_T_NOW)).body()).isNotEqualTo(a);
    }
  }
}
