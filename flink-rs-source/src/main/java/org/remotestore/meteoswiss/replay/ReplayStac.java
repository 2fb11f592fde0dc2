package org.remotestore.meteoswiss.replay;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.remotestore.meteoswiss.FeedFile;
import org.remotestore.meteoswiss.StationMeta;

/** The STAC API of the replay server: the items listing (paged by cursor) and single items. */
final class ReplayStac {
  private static final int DEFAULT_PAGE_SIZE = 100;

  private final MeteoSwissReplayServer server;
  private final ReplayFeed feed;

  ReplayStac(MeteoSwissReplayServer server, ReplayFeed feed) {
    this.server = server;
    this.feed = feed;
  }

  /** One page of the STAC items, after the {@code cursor} and at most {@code limit} long. */
  String itemsPage(String query) {
    int limit = DEFAULT_PAGE_SIZE;
    String cursor = null;
    if (query != null) {
      for (String kv : query.split("&")) {
        int eq = kv.indexOf('=');
        String k = eq < 0 ? kv : kv.substring(0, eq);
        String v =
            eq < 0 ? "" : java.net.URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
        if (k.equals("limit")) {
          try {
            limit = Math.max(1, Math.min(DEFAULT_PAGE_SIZE, Integer.parseInt(v)));
          } catch (NumberFormatException e) {
            limit = DEFAULT_PAGE_SIZE;
          }
        } else if (k.equals("cursor")) {
          cursor = v;
        }
      }
    }
    String after = null;
    if (cursor != null && !cursor.isEmpty()) {
      try {
        after = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        after = null;
      }
    }
    List<ReplayStation> all = new ArrayList<>(feed.stations().values());
    List<ReplayStation> page = new ArrayList<>();
    boolean more = false;
    for (ReplayStation s : all) {
      if (after != null && s.id().compareTo(after) <= 0) {
        continue;
      }
      if (page.size() == limit) {
        more = true;
        break;
      }
      page.add(s);
    }
    StringBuilder json = new StringBuilder(4096);
    json.append("{\"type\":\"FeatureCollection\",\"features\":[");
    for (int i = 0; i < page.size(); i++) {
      if (i > 0) {
        json.append(',');
      }
      item(json, page.get(i));
    }
    json.append("],\"links\":[");
    String self =
        server.stacItems() + "?limit=" + limit + (cursor == null ? "" : "&cursor=" + cursor);
    link(json, "self", self);
    json.append(',');
    link(json, "root", server.baseUri().resolve("/api/stac/v1/").toString());
    if (more) {
      String next =
          Base64.getUrlEncoder()
              .withoutPadding()
              .encodeToString(page.get(page.size() - 1).id().getBytes(StandardCharsets.UTF_8));
      json.append(',');
      link(json, "next", server.stacItems() + "?cursor=" + next + "&limit=" + limit);
    }
    json.append("]}");
    return json.toString();
  }

  private static void link(StringBuilder json, String rel, String href) {
    json.append("{\"rel\":");
    string(json, rel);
    json.append(",\"href\":");
    string(json, href);
    json.append(",\"type\":\"application/geo+json\"}");
  }

  /** Appends the STAC item of a station (its files as assets). */
  void item(StringBuilder json, ReplayStation s) {
    StationMeta m = s.meta();
    String created = iso(feed.historyStart());
    Instant updated = feed.historyStart();
    StringBuilder assets = new StringBuilder();
    for (FeedFile f : feed.files(s.abbr())) {
      FileContent c = feed.content(f.path());
      if (c == null) {
        continue;
      }
      if (c.lastModified().isAfter(updated)) {
        updated = c.lastModified();
      }
      if (assets.length() > 0) {
        assets.append(',');
      }
      string(assets, f.fileName());
      assets.append(":{\"type\":\"text/csv\",\"href\":");
      string(assets, server.dataRoot().resolve(f.path()).toString());
      assets.append(",\"created\":");
      string(assets, created);
      assets.append(",\"updated\":");
      string(assets, iso(c.lastModified()));
      assets.append(",\"file:checksum\":");
      string(assets, c.multihash());
      assets.append('}');
    }
    json.append("{\"stac_version\":\"1.0.0\",\"type\":\"Feature\",\"id\":");
    string(json, s.id());
    json.append(",\"collection\":");
    string(json, FeedFile.COLLECTION);
    json.append(",\"bbox\":[")
        .append(m.longitude())
        .append(',')
        .append(m.latitude())
        .append(',')
        .append(m.longitude())
        .append(',')
        .append(m.latitude())
        .append("],\"geometry\":{\"type\":\"Point\",\"coordinates\":[")
        .append(m.longitude())
        .append(',')
        .append(m.latitude())
        .append("]},\"properties\":{\"title\":");
    string(json, s.name() + " (" + s.abbr() + ")");
    json.append(",\"created\":");
    string(json, created);
    json.append(",\"updated\":");
    string(json, iso(updated));
    json.append("},\"links\":[");
    link(json, "self", server.stacItems() + "/" + s.id());
    json.append("],\"assets\":{").append(assets).append("}}");
  }

  private static String iso(Instant t) {
    return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS));
  }

  private static void string(StringBuilder json, String s) {
    json.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> json.append("\\\"");
        case '\\' -> json.append("\\\\");
        case '\n' -> json.append("\\n");
        case '\r' -> json.append("\\r");
        case '\t' -> json.append("\\t");
        default -> {
          if (c < 0x20) {
            json.append(String.format("\\u%04x", (int) c));
          } else {
            json.append(c);
          }
        }
      }
    }
    json.append('"');
  }
}
