package org.remotestore.meteoswiss.replay;

import java.time.Instant;
import org.remotestore.meteoswiss.Granularity;

/**
 * A data change injected at simulated time {@code at}, affecting rows in [from, to]: a correction
 * ({@code code}, {@code value}), an added column or a malformed line.
 */
record ReplayChange(
    String station,
    Granularity granularity,
    Instant from,
    Instant to,
    Instant at,
    String code,
    Double value,
    String addedColumn,
    String malformedLine) {}
