package org.remotestore.meteoswiss.table;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.flink.table.expressions.CallExpression;
import org.apache.flink.table.expressions.FieldReferenceExpression;
import org.apache.flink.table.expressions.ResolvedExpression;
import org.apache.flink.table.expressions.ValueLiteralExpression;
import org.apache.flink.table.functions.BuiltInFunctionDefinitions;

/**
 * Reads the stations a filter on {@code station_abbr} allows: {@code station_abbr = 'BER'}, {@code
 * 'BER' = station_abbr}, {@code IN (...)} and {@code OR}s of these. Anything else is not understood
 * and yields {@code null}.
 */
final class StationFilters {
  private StationFilters() {}

  static Set<String> stationsOf(ResolvedExpression e) {
    if (!(e instanceof CallExpression call)) {
      return null;
    }
    var fn = call.getFunctionDefinition();
    List<ResolvedExpression> args = call.getResolvedChildren();
    if (fn == BuiltInFunctionDefinitions.EQUALS && args.size() == 2) {
      String code = literalFor(args.get(0), args.get(1));
      code = code == null ? literalFor(args.get(1), args.get(0)) : code;
      return code == null ? null : Set.of(code);
    }
    if (fn == BuiltInFunctionDefinitions.OR) {
      Set<String> union = new LinkedHashSet<>();
      for (ResolvedExpression arg : args) {
        Set<String> part = stationsOf(arg);
        if (part == null) {
          return null;
        }
        union.addAll(part);
      }
      return union;
    }
    if (fn == BuiltInFunctionDefinitions.IN && args.size() >= 2 && isStation(args.get(0))) {
      Set<String> in = new LinkedHashSet<>();
      for (ResolvedExpression arg : args.subList(1, args.size())) {
        String code = stringLiteral(arg);
        if (code == null) {
          return null;
        }
        in.add(code);
      }
      return in;
    }
    return null;
  }

  private static String literalFor(ResolvedExpression field, ResolvedExpression value) {
    return isStation(field) ? stringLiteral(value) : null;
  }

  private static boolean isStation(ResolvedExpression e) {
    return e instanceof FieldReferenceExpression f
        && f.getName().equalsIgnoreCase(MeteoSwissTableFactory.STATION_COLUMN);
  }

  private static String stringLiteral(ResolvedExpression e) {
    if (e instanceof ValueLiteralExpression literal) {
      return literal
          .getValueAs(String.class)
          .map(s -> s.trim().toUpperCase(Locale.ROOT))
          .orElse(null);
    }
    return null;
  }
}
