package org.remotestore.meteoswiss.replay;

import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.remotestore.meteoswiss.Granularity;

/**
 * Deterministic, physically plausible weather for the replay: a pure function of (seed, station,
 * time), so any file can be generated lazily, in any order, and always gives the same bytes.
 *
 * <p>Ingredients: a seasonal cycle (coldest late January), a daily cycle (warmest early afternoon,
 * damped by clouds and on summits), a lapse rate of 6.5 °C per km, regional synoptic variations
 * shared by all stations plus local noise, humidity anti-correlated with the daily cycle, dew point
 * by the Magnus formula, barometric pressure by elevation, precipitation events under thick clouds,
 * sunshine and global radiation only while the sun is up (solar elevation from latitude, longitude,
 * day of year), wind stronger on summits with gusts above the mean, snow depth in winter at
 * stations above 1000 m.
 */
public final class WeatherModel {

  /** 10-minute columns every replay station publishes, in file order. */
  public static final List<String> T_COLUMNS =
      List.of(
          "tre200s0",
          "tre005s0",
          "ure200s0",
          "tde200s0",
          "prestas0",
          "pp0qffs0",
          "rre150z0",
          "sre000z0",
          "gre000z0",
          "dkl010z0",
          "fu3010z0",
          "fu3010z1",
          "fkl010z0",
          "fkl010z1",
          "htoauts0");

  /** Hourly columns. */
  public static final List<String> H_COLUMNS =
      List.of(
          "tre200h0",
          "tre200hn",
          "tre200hx",
          "ure200h0",
          "prestah0",
          "rre150h0",
          "sre000h0",
          "gre000h0",
          "dkl010h0",
          "fu3010h0",
          "fu3010h1");

  /** Daily columns. */
  public static final List<String> D_COLUMNS =
      List.of(
          "tre200d0",
          "tre200dn",
          "tre200dx",
          "ure200d0",
          "prestad0",
          "rre150d0",
          "rka150d0",
          "sre000d0",
          "gre000d0",
          "fu3010d1",
          "htoautd0");

  /** Monthly columns (calendar month, timestamp = first day of the month). */
  public static final List<String> M_COLUMNS =
      List.of(
          "tre200m0",
          "tre200mn",
          "tre200mx",
          "ure200m0",
          "prestam0",
          "rre150m0",
          "sre000m0",
          "gre000m0",
          "fu3010m1");

  /** Yearly columns (calendar year, timestamp = 1 January). */
  public static final List<String> Y_COLUMNS =
      List.of(
          "tre200y0",
          "tre200yn",
          "tre200yx",
          "ure200y0",
          "prestay0",
          "rre150y0",
          "sre000y0",
          "gre000y0",
          "fu3010y1");

  // indexes into a 10-minute sample (T_COLUMNS order)
  static final int TEMP = 0;
  static final int TEMP5 = 1;
  static final int HUM = 2;
  static final int DEW = 3;
  static final int PRES = 4;
  static final int QFF = 5;
  static final int RAIN = 6;
  static final int SUN = 7;
  static final int RAD = 8;
  static final int DIR = 9;
  static final int WIND = 10;
  static final int GUST = 11;
  static final int WIND_MS = 12;
  static final int GUST_MS = 13;
  static final int SNOW = 14;

  private static final long TEN_MINUTES = 600;
  private static final long HOUR = 3600;
  private static final long DAY = 86400;

  private final long seed;

  /** A model for a seed; the same seed always gives the same weather. */
  public WeatherModel(long seed) {
    this.seed = seed;
  }

  private static final int CACHED_DAYS = 800;

  private final Map<DayKey, double[][]> days =
      new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<DayKey, double[][]> eldest) {
          return size() > CACHED_DAYS;
        }
      };

  /** The columns a station's file of a granularity has (snow only above 1000 m). */
  public static List<String> columns(Granularity g, ReplayStation station) {
    List<String> all =
        switch (g) {
          case T -> T_COLUMNS;
          case H -> H_COLUMNS;
          case D -> D_COLUMNS;
          case M -> M_COLUMNS;
          case Y -> Y_COLUMNS;
        };
    if (!station.measuresSnow()) {
      return all.stream().filter(c -> !c.startsWith("htoaut")).toList();
    }
    return all;
  }

  /** Number of decimals a parameter is published with (as in the parameter metadata). */
  public static int decimals(String code) {
    return switch (code) {
      case "sre000z0",
          "gre000z0",
          "dkl010z0",
          "htoauts0",
          "sre000h0",
          "gre000h0",
          "dkl010h0",
          "sre000d0",
          "gre000d0",
          "htoautd0",
          "sre000m0",
          "gre000m0",
          "sre000y0",
          "gre000y0" ->
          0;
      default -> 1;
    };
  }

  /**
   * The raw values of one 10-minute interval ending at {@code end}, in {@link #T_COLUMNS} order
   * (snow depth is 0 for stations that do not measure it).
   */
  public double[] tenMinute(ReplayStation s, Instant end) {
    long t = end.getEpochSecond();
    if (t % TEN_MINUTES != 0 || end.getNano() != 0) {
      return compute(s, t);
    }
    // rows of one station-day are computed together and kept in a small LRU: files of the three
    // granularities and successive versions of a now file share them
    long epochDay = Math.floorDiv(t - 1, DAY);
    int index = (int) ((t - epochDay * DAY) / TEN_MINUTES) - 1;
    DayKey key = new DayKey(s.abbr(), epochDay);
    double[][] day;
    synchronized (days) {
      day = days.get(key);
    }
    if (day == null) {
      day = new double[144][];
      for (int i = 0; i < 144; i++) {
        day[i] = compute(s, epochDay * DAY + (i + 1) * TEN_MINUTES);
      }
      synchronized (days) {
        days.put(key, day);
      }
    }
    return day[index].clone();
  }

  private record DayKey(String station, long epochDay) {}

  private double[] compute(ReplayStation s, long t) {
    int st = s.abbr().hashCode();
    long epochDay = Math.floorDiv(t, DAY);
    double hourUtc = (t - epochDay * DAY) / 3600.0;
    double dayOfYear = LocalDate.ofEpochDay(epochDay).getDayOfYear() + hourUtc / 24.0;
    double seasonal = -Math.cos(2 * Math.PI * (dayOfYear - 20) / 365.25);
    double diurnal = Math.cos(2 * Math.PI * (hourUtc - 13.5) / 24);

    double cloud =
        clamp(0.5 + 0.6 * noise(1, 0, t, 18 * HOUR) + 0.25 * noise(2, st, t, 3 * HOUR), 0, 1);
    boolean summit = s.elevationM() > 2000;
    double seasonalAmp = summit ? 7.0 : 9.0;
    double diurnalAmp = (summit ? 2.0 : 5.0) * (1 - 0.6 * cloud);
    double synoptic =
        5 * noise(3, 0, t, 4 * DAY) + 1.0 * noise(4, st, t, 6 * HOUR) + 0.3 * noise(5, st, t, 2400);
    double temp =
        12.0
            - 0.0065 * s.elevationM()
            - 0.6 * (s.latitude() - 46.5)
            + seasonalAmp * seasonal
            + diurnalAmp * diurnal
            + synoptic;
    double temp5 = temp + 1.8 * diurnal * (1 - cloud) - 0.8;

    double hum =
        clamp(
            70 + 22 * cloud - 14 * diurnal * (1 - cloud) + 8 * noise(6, st, t, 8 * HOUR), 18, 100);
    double gamma = Math.log(hum / 100) + 17.62 * temp / (243.12 + temp);
    double dew = 243.12 * gamma / (17.62 - gamma);

    double qff = 1016 + 12 * noise(7, 0, t, 3 * DAY) + 1.0 * noise(8, st, t, 5 * HOUR);
    double pres = qff * Math.pow(1 - 0.0065 * s.elevationM() / 288.15, 5.255);

    double wet =
        0.7 * noise(9, 0, t, 10 * HOUR) + 0.3 * noise(10, st, t, HOUR) + (cloud - 0.55) * 0.8;
    double rain = wet > 0.35 ? (wet - 0.35) * 5 * (1 + s.elevationM() / 3000) : 0;

    double sunElevation =
        solarElevation(s.latitude(), s.longitude(), dayOfYear, hourUtc - 1 / 12.0);
    double sun = 0;
    double rad = 0;
    if (sunElevation > 0) {
      double clear = clamp(1 - 1.25 * cloud + 0.2 * noise(11, st, t, 1800), 0, 1);
      if (sunElevation > 2 * Math.PI / 180 && rain == 0) {
        sun = 10 * clear;
      }
      rad = Math.sin(sunElevation) * (1000 * (0.25 + 0.75 * clear)) * (rain > 0 ? 0.5 : 1);
    }

    double baseWind = summit ? 25 : (s.elevationM() > 1000 ? 12 : 8);
    double wind =
        Math.max(
            0,
            baseWind
                * (1 + 0.8 * noise(12, 0, t, 36 * HOUR) + 0.4 * noise(13, st, t, HOUR))
                * (0.8 + 0.2 * diurnal));
    double gust = wind * (1.4 + 0.4 * Math.abs(noise(14, st, t, 1200))) + 3;
    double dir = floorMod(270 + 120 * noise(15, 0, t, 2 * DAY) + 30 * noise(16, st, t, 2 * HOUR));

    double snow = 0;
    if (s.measuresSnow()) {
      snow =
          Math.max(
              0,
              (s.elevationM() - 900) / 10 * Math.max(0, -seasonal + 0.2)
                  + 10 * noise(17, st, t, 10 * DAY)
                  - 5);
    }
    double[] v = new double[T_COLUMNS.size()];
    v[TEMP] = temp;
    v[TEMP5] = temp5;
    v[HUM] = hum;
    v[DEW] = dew;
    v[PRES] = pres;
    v[QFF] = qff;
    v[RAIN] = rain;
    v[SUN] = sun;
    v[RAD] = rad;
    v[DIR] = dir;
    v[WIND] = wind;
    v[GUST] = gust;
    v[WIND_MS] = wind / 3.6;
    v[GUST_MS] = gust / 3.6;
    v[SNOW] = snow;
    return v;
  }

  /** Raw hourly values for the hour ending at {@code end}, in {@link #H_COLUMNS} order. */
  public double[] hourly(ReplayStation s, Instant end) {
    double sumT = 0;
    double minT = Double.MAX_VALUE;
    double maxT = -Double.MAX_VALUE;
    double sumH = 0;
    double sumP = 0;
    double rain = 0;
    double sun = 0;
    double sumRad = 0;
    double sumWind = 0;
    double gust = 0;
    double[] last = null;
    for (int i = 5; i >= 0; i--) {
      double[] v = tenMinute(s, end.minusSeconds(i * TEN_MINUTES));
      sumT += v[TEMP];
      minT = Math.min(minT, v[TEMP]);
      maxT = Math.max(maxT, v[TEMP]);
      sumH += v[HUM];
      sumP += v[PRES];
      rain += v[RAIN];
      sun += v[SUN];
      sumRad += v[RAD];
      sumWind += v[WIND];
      gust = Math.max(gust, v[GUST]);
      last = v;
    }
    return new double[] {
      sumT / 6, minT, maxT, sumH / 6, sumP / 6, rain, sun, sumRad / 6, last[DIR], sumWind / 6, gust
    };
  }

  /**
   * Raw daily values for the day starting at {@code dayStart}, in {@link #D_COLUMNS} order. {@code
   * rre150d0} sums 06 UTC to 06 UTC next day, {@code rka150d0} 00 to 00, snow is read at 06 UTC.
   */
  public double[] daily(ReplayStation s, Instant dayStart) {
    double sumT = 0;
    double minT = Double.MAX_VALUE;
    double maxT = -Double.MAX_VALUE;
    double sumH = 0;
    double sumP = 0;
    double rainMidnight = 0;
    double sun = 0;
    double sumRad = 0;
    double gust = 0;
    double rainSix = 0;
    double snow = 0;
    int n = 144;
    // intervals ending 00:10 .. 24:00 for the 0-0 values, 06:10 .. 06:00 next day for rre150d0
    for (int i = 1; i <= n + 36; i++) {
      double[] v = tenMinute(s, dayStart.plusSeconds(i * TEN_MINUTES));
      if (i > 36) {
        rainSix += v[RAIN];
      }
      if (i == 36) {
        snow = v[SNOW];
      }
      if (i > n) {
        continue;
      }
      sumT += v[TEMP];
      minT = Math.min(minT, v[TEMP]);
      maxT = Math.max(maxT, v[TEMP]);
      sumH += v[HUM];
      sumP += v[PRES];
      rainMidnight += v[RAIN];
      sun += v[SUN];
      sumRad += v[RAD];
      gust = Math.max(gust, v[GUST]);
    }
    return new double[] {
      sumT / n, minT, maxT, sumH / n, sumP / n, rainSix, rainMidnight, sun, sumRad / n, gust, snow
    };
  }

  /**
   * Raw values of the calendar month or year starting at {@code start} ({@link Granularity#M} or
   * {@link Granularity#Y}), in {@link #M_COLUMNS} / {@link #Y_COLUMNS} order, aggregated from the
   * raw daily values of its days: means of the daily means, the lowest minimum and highest maximum,
   * precipitation as the sum of the calendar days ({@code rka150d0}, 00 to 00 UTC), sunshine
   * summed, radiation averaged, the highest gust.
   */
  public double[] aggregate(ReplayStation s, Granularity g, Instant start) {
    if (g != Granularity.M && g != Granularity.Y) {
      throw new IllegalArgumentException("aggregate serves m and y, not " + g);
    }
    Instant end = g.next(start);
    double sumT = 0;
    double minT = Double.MAX_VALUE;
    double maxT = -Double.MAX_VALUE;
    double sumH = 0;
    double sumP = 0;
    double rain = 0;
    double sun = 0;
    double sumRad = 0;
    double gust = 0;
    int n = 0;
    for (Instant day = start; day.isBefore(end); day = day.plusSeconds(DAY)) {
      double[] d = daily(s, day);
      sumT += d[0];
      minT = Math.min(minT, d[1]);
      maxT = Math.max(maxT, d[2]);
      sumH += d[3];
      sumP += d[4];
      rain += d[6];
      sun += d[7];
      sumRad += d[8];
      gust = Math.max(gust, d[9]);
      n++;
    }
    return new double[] {sumT / n, minT, maxT, sumH / n, sumP / n, rain, sun, sumRad / n, gust};
  }

  /** True when the publication of this row is skipped (an occasional gap in a file). */
  boolean isGap(ReplayStation s, Granularity g, Instant timestamp) {
    return unit(18 + g.ordinal(), s.abbr().hashCode(), timestamp.getEpochSecond()) < 0.003;
  }

  /** True when this single value is missing (empty field) in the published row. */
  boolean isMissing(ReplayStation s, Instant timestamp, String code) {
    return unit(30, s.abbr().hashCode() * 31 + code.hashCode(), timestamp.getEpochSecond()) < 0.004;
  }

  private static double solarElevation(
      double latDeg, double lonDeg, double dayOfYear, double hourUtc) {
    double decl = Math.toRadians(23.44) * Math.sin(2 * Math.PI * (284 + dayOfYear) / 365);
    double hourAngle = Math.toRadians(15 * (hourUtc + lonDeg / 15 - 12));
    double lat = Math.toRadians(latDeg);
    return Math.asin(
        Math.sin(lat) * Math.sin(decl) + Math.cos(lat) * Math.cos(decl) * Math.cos(hourAngle));
  }

  /**
   * Smooth value noise in [-1, 1]: random knots every {@code scale} seconds, smoothstep between.
   */
  private double noise(int channel, int station, long t, long scale) {
    long k = Math.floorDiv(t, scale);
    double f = (double) (t - k * scale) / scale;
    double a = unit(channel, station, k) * 2 - 1;
    double b = unit(channel, station, k + 1) * 2 - 1;
    double w = f * f * (3 - 2 * f);
    return a + (b - a) * w;
  }

  /** A deterministic uniform number in [0, 1) for (channel, station, index). */
  private double unit(int channel, int station, long index) {
    long h = seed;
    h = mix(h ^ (channel * 0x9E3779B97F4A7C15L));
    h = mix(h ^ (station * 0xC2B2AE3D27D4EB4FL));
    h = mix(h ^ index);
    return (h >>> 11) * 0x1.0p-53;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return z ^ (z >>> 33);
  }

  private static double clamp(double v, double lo, double hi) {
    return Math.max(lo, Math.min(hi, v));
  }

  private static double floorMod(double degrees) {
    double d = degrees % 360;
    return d < 0 ? d + 360 : d;
  }
}
