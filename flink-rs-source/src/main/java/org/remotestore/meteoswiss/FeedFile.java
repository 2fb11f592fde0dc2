package org.remotestore.meteoswiss;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One station file of the SwissMetNet feed and its location relative to the data root, following
 * the published layout:
 *
 * <pre>
 * ber/ogd-smn_ber_t_now.csv                   10-minute, now
 * ber/ogd-smn_ber_t_recent.csv                10-minute, recent
 * ber/ogd-smn_ber_t_historical_2000-2009.csv  10-minute, one decade
 * ber/ogd-smn_ber_d_historical.csv            daily, all history in one file
 * ber/ogd-smn_ber_m.csv, ber/ogd-smn_ber_y.csv monthly / yearly, one file each
 * </pre>
 *
 * @param station the station code in upper case ({@code BER})
 * @param granularity the time resolution
 * @param period the period, {@code null} for the single {@code m}/{@code y} files
 * @param decadeStart first year of the decade for {@code t}/{@code h} historical files (e.g. 2000),
 *     otherwise {@code null}
 */
public record FeedFile(String station, Granularity granularity, Period period, Integer decadeStart)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  /** The collection id of the SwissMetNet automatic stations. */
  public static final String COLLECTION = "ch.meteoschweiz.ogd-smn";

  /** File name prefix used by every file of the collection. */
  public static final String PREFIX = "ogd-smn";

  /** The station inventory at the data root. */
  public static final String META_STATIONS = "ogd-smn_meta_stations.csv";

  /** The parameter inventory at the data root. */
  public static final String META_PARAMETERS = "ogd-smn_meta_parameters.csv";

  /** Which station measures which parameter since when, at the data root. */
  public static final String META_DATA_INVENTORY = "ogd-smn_meta_datainventory.csv";

  private static final Pattern STATION = Pattern.compile("[A-Za-z0-9]{2,6}");
  private static final Pattern NAME =
      Pattern.compile(
          "ogd-smn_([a-z0-9]{2,6})_([thdmy])(?:_(now|recent|historical)(?:_(\\d{4})-(\\d{4}))?)?\\.csv",
          Pattern.CASE_INSENSITIVE);

  /** Validates the combination and normalises the station code to upper case. */
  public FeedFile {
    Objects.requireNonNull(station, "station");
    Objects.requireNonNull(granularity, "granularity");
    if (!STATION.matcher(station).matches()) {
      throw new IllegalArgumentException("Invalid MeteoSwiss station code '" + station + "'");
    }
    station = station.toUpperCase(Locale.ROOT);
    if (!granularity.hasPeriods()) {
      if (period != null || decadeStart != null) {
        throw new IllegalArgumentException(
            "Granularity " + granularity + " has one file per station, no period or decade");
      }
    } else {
      if (period == null) {
        throw new IllegalArgumentException("Granularity " + granularity + " needs a period");
      }
      if (!granularity.periods().contains(period)) {
        throw new IllegalArgumentException(
            "Granularity " + granularity + " is not published for period " + period);
      }
      boolean wantsDecade = period == Period.HISTORICAL && granularity.historicalByDecade();
      if (wantsDecade && decadeStart == null) {
        throw new IllegalArgumentException(
            "Historical " + granularity + " files are split by decade; a decade start is needed");
      }
      if (!wantsDecade && decadeStart != null) {
        throw new IllegalArgumentException(
            "Only historical t/h files have a decade, not " + granularity + "/" + period);
      }
      if (decadeStart != null && decadeStart % 10 != 0) {
        throw new IllegalArgumentException(
            "Decade start must be a multiple of 10, got " + decadeStart);
      }
    }
  }

  /** The {@code now} file of a station ({@code t} or {@code h}). */
  public static FeedFile now(String station, Granularity granularity) {
    return new FeedFile(station, granularity, Period.NOW, null);
  }

  /** The {@code recent} file of a station ({@code t}, {@code h} or {@code d}). */
  public static FeedFile recent(String station, Granularity granularity) {
    return new FeedFile(station, granularity, Period.RECENT, null);
  }

  /** The historical decade file of a {@code t}/{@code h} station file containing {@code year}. */
  public static FeedFile historicalDecade(String station, Granularity granularity, int year) {
    return new FeedFile(station, granularity, Period.HISTORICAL, Math.floorDiv(year, 10) * 10);
  }

  /** The single historical daily file of a station. */
  public static FeedFile historicalDaily(String station) {
    return new FeedFile(station, Granularity.D, Period.HISTORICAL, null);
  }

  /** The single monthly ({@code m}) or yearly ({@code y}) file of a station. */
  public static FeedFile whole(String station, Granularity granularity) {
    return new FeedFile(station, granularity, null, null);
  }

  /**
   * The historical files of a station covering the years {@code firstYear..lastYear} inclusive: one
   * per decade for {@code t}/{@code h}, the single file for {@code d}.
   */
  public static List<FeedFile> historical(
      String station, Granularity granularity, int firstYear, int lastYear) {
    List<FeedFile> files = new ArrayList<>();
    if (lastYear < firstYear) {
      return files;
    }
    if (!granularity.historicalByDecade()) {
      files.add(new FeedFile(station, granularity, Period.HISTORICAL, null));
      return files;
    }
    for (int decade = Math.floorDiv(firstYear, 10) * 10; decade <= lastYear; decade += 10) {
      files.add(historicalDecade(station, granularity, decade));
    }
    return files;
  }

  /**
   * Parses a file name or a path ending in one ({@code ber/ogd-smn_ber_t_now.csv}, a full URL, or
   * just the file name), case-insensitively.
   *
   * @throws IllegalArgumentException naming the path when it is not a station file of the feed
   */
  public static FeedFile parse(String pathOrName) {
    Objects.requireNonNull(pathOrName, "pathOrName");
    String name = pathOrName;
    int query = name.indexOf('?');
    if (query >= 0) {
      name = name.substring(0, query);
    }
    name = name.substring(name.lastIndexOf('/') + 1);
    Matcher m = NAME.matcher(name);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "Not a MeteoSwiss SwissMetNet station file: '" + pathOrName + "'");
    }
    Granularity g = Granularity.of(m.group(2));
    Period p = m.group(3) == null ? null : Period.of(m.group(3));
    Integer decade = null;
    if (m.group(4) != null) {
      decade = Integer.parseInt(m.group(4));
      int end = Integer.parseInt(m.group(5));
      if (end != decade + 9) {
        throw new IllegalArgumentException(
            "Decade range must span ten years in '" + pathOrName + "'");
      }
    }
    return new FeedFile(m.group(1), g, p, decade);
  }

  /** True when {@code pathOrName} names a station file of the feed. */
  public static boolean isFeedFile(String pathOrName) {
    try {
      parse(pathOrName);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The station folder: the lowercase code ({@code ber}). */
  public String folder() {
    return station.toLowerCase(Locale.ROOT);
  }

  /** The file name, e.g. {@code ogd-smn_ber_t_historical_2000-2009.csv}. */
  public String fileName() {
    StringBuilder b = new StringBuilder(PREFIX).append('_').append(folder());
    b.append('_').append(granularity.letter());
    if (period != null) {
      b.append('_').append(period.token());
    }
    if (decadeStart != null) {
      b.append('_').append(decadeStart).append('-').append(decadeStart + 9);
    }
    return b.append(".csv").toString();
  }

  /** The path relative to the data root: {@code ber/ogd-smn_ber_t_now.csv}. */
  public String path() {
    return folder() + "/" + fileName();
  }

  @Override
  public String toString() {
    return path();
  }
}
