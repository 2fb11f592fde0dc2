package org.remotestore.meteoswiss.replay;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.remotestore.meteoswiss.Granularity;

/**
 * Computes the published values of rows for one station, granularity and column list: model,
 * missing values, added columns and corrections. Used both to render files and for the ground
 * truth, so both always agree.
 */
final class ReplayRowValues {
  private static final List<String> INCOMPLETE_CODES =
      List.of("sre000z0", "gre000z0", "fu3010z1", "fkl010z1", "sre000h0", "gre000h0", "fu3010h1");

  private final WeatherModel model;
  final ReplayStation station;
  final Granularity g;
  final String[] codes;
  final int[] rawIndex;
  final int[] decimals;
  final boolean[] incompleteCode;
  final boolean[] direction;
  final Map<Instant, List<ReplayChange>> corrections = new HashMap<>();
  final Map<String, Instant> addedSince = new HashMap<>();

  ReplayRowValues(
      WeatherModel model,
      ReplayStation station,
      Granularity g,
      List<String> header,
      List<ReplayChange> relevant) {
    this.model = model;
    this.station = station;
    this.g = g;
    List<String> all =
        switch (g) {
          case T -> WeatherModel.T_COLUMNS;
          case H -> WeatherModel.H_COLUMNS;
          case D -> WeatherModel.D_COLUMNS;
          case M -> WeatherModel.M_COLUMNS;
          case Y -> WeatherModel.Y_COLUMNS;
        };
    int n = header.size() - 2;
    codes = new String[n];
    rawIndex = new int[n];
    decimals = new int[n];
    incompleteCode = new boolean[n];
    direction = new boolean[n];
    for (int i = 0; i < n; i++) {
      String code = header.get(i + 2);
      codes[i] = code;
      rawIndex[i] = all.indexOf(code);
      decimals[i] = WeatherModel.decimals(code);
      incompleteCode[i] = INCOMPLETE_CODES.contains(code);
      direction[i] = code.startsWith("dkl");
    }
    for (ReplayChange c : relevant) {
      if (c.code() != null) {
        corrections.computeIfAbsent(c.from(), k -> new ArrayList<>()).add(c);
      } else if (c.addedColumn() != null) {
        addedSince.put(c.addedColumn(), c.from());
      }
    }
  }

  void fill(Instant ts, boolean incomplete, double[] values, boolean[] present) {
    double[] raw =
        switch (g) {
          case T -> model.tenMinute(station, ts);
          case H -> model.hourly(station, ts);
          case D -> model.daily(station, ts);
          case M, Y -> model.aggregate(station, g, ts);
        };
    for (int i = 0; i < codes.length; i++) {
      present[i] = false;
      double v;
      if (rawIndex[i] < 0) {
        Instant since = addedSince.get(codes[i]);
        if (since == null || ts.isBefore(since)) {
          continue;
        }
        v = (g == Granularity.T ? raw[WeatherModel.TEMP5] : raw[0]) - 0.6;
      } else {
        if ((incomplete && incompleteCode[i]) || model.isMissing(station, ts, codes[i])) {
          continue;
        }
        v = raw[rawIndex[i]];
        if (direction[i]) {
          v = Math.round(v) % 360;
        }
      }
      values[i] = rounded(v, decimals[i]);
      present[i] = true;
    }
    List<ReplayChange> fixes = corrections.get(ts);
    if (fixes != null) {
      for (ReplayChange c : fixes) {
        for (int i = 0; i < codes.length; i++) {
          if (codes[i].equals(c.code())) {
            values[i] = rounded(c.value(), decimals[i]);
            present[i] = true;
          }
        }
      }
    }
  }

  Map<String, Double> map(Instant ts, boolean incomplete) {
    double[] values = new double[codes.length];
    boolean[] present = new boolean[codes.length];
    fill(ts, incomplete, values, present);
    Map<String, Double> map = new LinkedHashMap<>();
    for (int i = 0; i < codes.length; i++) {
      if (present[i]) {
        map.put(codes[i], values[i]);
      }
    }
    return map;
  }

  static double rounded(double v, int decimals) {
    if (decimals == 0) {
      return Math.round(v) + 0.0;
    }
    long scaled = Math.round(v * 10);
    return scaled == 0 ? 0.0 : scaled / 10.0;
  }
}
