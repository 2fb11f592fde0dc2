package org.remotestore.meteoswiss.table;

import java.time.Instant;
import java.util.List;
import org.apache.flink.table.expressions.CallExpression;
import org.apache.flink.table.expressions.FieldReferenceExpression;
import org.apache.flink.table.expressions.ResolvedExpression;
import org.apache.flink.table.expressions.ValueLiteralExpression;
import org.apache.flink.table.functions.BuiltInFunctionDefinitions;
import org.apache.flink.table.functions.FunctionDefinition;
import org.remotestore.meteoswiss.source.TimeRange;

/**
 * Reads the {@code reference_timestamp} range a filter allows: comparisons ({@code >}, {@code >=},
 * {@code <}, {@code <=}, {@code =}) with a timestamp literal on either side, {@code BETWEEN} (which
 * the planner hands over as two comparisons) and {@code AND}s of these. Anything else yields {@code
 * null} (not understood).
 */
final class TimeFilters {
  private static final java.time.Duration ONE_NANO = java.time.Duration.ofNanos(1);

  private TimeFilters() {}

  static TimeRange rangeOf(ResolvedExpression e) {
    if (!(e instanceof CallExpression call)) {
      return null;
    }
    FunctionDefinition fn = call.getFunctionDefinition();
    List<ResolvedExpression> args = call.getResolvedChildren();
    if (fn == BuiltInFunctionDefinitions.AND) {
      TimeRange range = TimeRange.ALL;
      for (ResolvedExpression arg : args) {
        TimeRange part = rangeOf(arg);
        if (part == null) {
          return null;
        }
        range = range.intersect(part);
      }
      return range;
    }
    if (args.size() != 2) {
      return null;
    }
    Instant value = literal(args.get(1));
    boolean fieldLeft = isTimestamp(args.get(0)) && value != null;
    if (!fieldLeft) {
      value = literal(args.get(0));
      if (value == null || !isTimestamp(args.get(1))) {
        return null;
      }
      fn = mirrored(fn);
      if (fn == null) {
        return null;
      }
    }
    if (fn == BuiltInFunctionDefinitions.GREATER_THAN) {
      return new TimeRange(value.plus(ONE_NANO), null);
    } else if (fn == BuiltInFunctionDefinitions.GREATER_THAN_OR_EQUAL) {
      return new TimeRange(value, null);
    } else if (fn == BuiltInFunctionDefinitions.LESS_THAN) {
      return new TimeRange(null, value);
    } else if (fn == BuiltInFunctionDefinitions.LESS_THAN_OR_EQUAL) {
      return new TimeRange(null, value.plus(ONE_NANO));
    } else if (fn == BuiltInFunctionDefinitions.EQUALS) {
      return new TimeRange(value, value.plus(ONE_NANO));
    }
    return null;
  }

  /** {@code literal op field} as {@code field op' literal}. */
  private static FunctionDefinition mirrored(FunctionDefinition fn) {
    if (fn == BuiltInFunctionDefinitions.GREATER_THAN) {
      return BuiltInFunctionDefinitions.LESS_THAN;
    } else if (fn == BuiltInFunctionDefinitions.GREATER_THAN_OR_EQUAL) {
      return BuiltInFunctionDefinitions.LESS_THAN_OR_EQUAL;
    } else if (fn == BuiltInFunctionDefinitions.LESS_THAN) {
      return BuiltInFunctionDefinitions.GREATER_THAN;
    } else if (fn == BuiltInFunctionDefinitions.LESS_THAN_OR_EQUAL) {
      return BuiltInFunctionDefinitions.GREATER_THAN_OR_EQUAL;
    } else if (fn == BuiltInFunctionDefinitions.EQUALS) {
      return fn;
    }
    return null;
  }

  private static boolean isTimestamp(ResolvedExpression e) {
    if (e instanceof CallExpression cast
        && cast.getFunctionDefinition() == BuiltInFunctionDefinitions.CAST
        && cast.getOutputDataType()
            .getLogicalType()
            .is(org.apache.flink.table.types.logical.LogicalTypeRoot.TIMESTAMP_WITH_LOCAL_TIME_ZONE)
        && !cast.getResolvedChildren().isEmpty()) {
      // a rowtime attribute is compared through a cast to its plain type
      return isTimestamp(cast.getResolvedChildren().get(0));
    }
    return e instanceof FieldReferenceExpression f
        && f.getName().equalsIgnoreCase(MeteoSwissTableFactory.TIMESTAMP_COLUMN);
  }

  /** A {@code TIMESTAMP_LTZ} literal as an instant, or {@code null}. */
  private static Instant literal(ResolvedExpression e) {
    if (e instanceof ValueLiteralExpression literal
        && !literal.isNull()
        && literal
            .getOutputDataType()
            .getLogicalType()
            .is(
                org.apache.flink.table.types.logical.LogicalTypeRoot
                    .TIMESTAMP_WITH_LOCAL_TIME_ZONE)) {
      try {
        return literal.getValueAs(Instant.class).orElse(null);
      } catch (RuntimeException notAnInstant) {
        return null;
      }
    }
    return null;
  }
}
