package org.remotestore.meteoswiss;

import java.io.Serializable;
import java.time.Instant;
import java.util.Locale;

/**
 * One line of {@code ogd-smn_meta_datainventory.csv}: which station measures which parameter since
 * when.
 *
 * @param station the station code, upper case
 * @param parameter the parameter code, lower case
 * @param dataSince first measurement, {@code null} if not given
 * @param dataTill last measurement, {@code null} while the series is ongoing
 * @param owner the data owner
 */
public record DataInventoryEntry(
    String station, String parameter, Instant dataSince, Instant dataTill, String owner)
    implements Serializable {

  /** Normalises the code cases. */
  public DataInventoryEntry {
    station = station.toUpperCase(Locale.ROOT);
    parameter = parameter.toLowerCase(Locale.ROOT);
  }
}
