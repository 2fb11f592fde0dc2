package org.remotestore.medallion.silver;

import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.remotestore.meteoswiss.MeasurementRow;

/**
 * One value of one parameter of one station at one reference timestamp, before enrichment: the unit
 * silver deduplicates on.
 *
 * @param station station code, upper case
 * @param referenceTimestamp reference timestamp, UTC
 * @param granularity granularity letter ({@code t})
 * @param parameter parameter code, lower case
 * @param value the value
 * @param revision 0 for the first value of this (station, timestamp, parameter), n for the n-th
 *     change of it (set by {@link SilverDeduplicator})
 */
public record SilverValue(
    String station,
    Instant referenceTimestamp,
    String granularity,
    String parameter,
    double value,
    int revision)
    implements Serializable {

  /** Validates the identifying fields. */
  public SilverValue {
    Objects.requireNonNull(station, "station");
    Objects.requireNonNull(referenceTimestamp, "referenceTimestamp");
    Objects.requireNonNull(granularity, "granularity");
    Objects.requireNonNull(parameter, "parameter");
  }

  /** The values of a row, one per present parameter, in column order (revision 0). */
  public static List<SilverValue> of(MeasurementRow row) {
    List<SilverValue> values = new ArrayList<>(row.values().size());
    String g = String.valueOf(row.granularity().letter());
    row.forEachValue(
        (code, value) ->
            values.add(
                new SilverValue(row.station(), row.referenceTimestamp(), g, code, value, 0)));
    return values;
  }

  /** The same value with another revision. */
  public SilverValue withRevision(int newRevision) {
    return new SilverValue(station, referenceTimestamp, granularity, parameter, value, newRevision);
  }
}
