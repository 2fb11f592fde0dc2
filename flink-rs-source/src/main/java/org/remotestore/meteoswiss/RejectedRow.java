package org.remotestore.meteoswiss;

import java.io.Serializable;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInfo;
import org.remotestore.meteoswiss.typeinfo.RejectedRowTypeInfoFactory;

/**
 * A line of a MeteoSwiss CSV file that could not be turned into a {@link MeasurementRow}: where it
 * came from, its raw text and why it was rejected. Rejected rows go to a side output; they never
 * fail a job.
 *
 * <p>Immutable, with value equality. Flink serializes it with {@link
 * org.remotestore.meteoswiss.typeinfo.RejectedRowSerializer} (declared by {@link TypeInfo}), no
 * Kryo.
 */
@TypeInfo(RejectedRowTypeInfoFactory.class)
public final class RejectedRow implements ParsedLine, Serializable {

  private static final long serialVersionUID = 1L;

  private final String sourceFile;
  private final long lineNumber;
  private final String rawLine;
  private final RejectReason reason;
  private final String detail;

  /**
   * Creates a rejected row.
   *
   * @param sourceFile the file the line came from
   * @param lineNumber 1-based line number in that file
   * @param rawLine the decoded line without its line terminator
   * @param reason the category of the problem
   * @param detail a human-readable explanation naming the offending column or value
   */
  public RejectedRow(
      String sourceFile, long lineNumber, String rawLine, RejectReason reason, String detail) {
    this.sourceFile = Objects.requireNonNull(sourceFile, "sourceFile");
    this.lineNumber = lineNumber;
    this.rawLine = Objects.requireNonNull(rawLine, "rawLine");
    this.reason = Objects.requireNonNull(reason, "reason");
    this.detail = Objects.requireNonNull(detail, "detail");
  }

  @Override
  public String sourceFile() {
    return sourceFile;
  }

  @Override
  public long lineNumber() {
    return lineNumber;
  }

  /** The decoded line, without line terminator. */
  public String rawLine() {
    return rawLine;
  }

  /** The category of the problem. */
  public RejectReason reason() {
    return reason;
  }

  /** A human-readable explanation naming the offending column or value. */
  public String detail() {
    return detail;
  }

  /** Reason and detail in one sentence, e.g. {@code BAD_TIMESTAMP: '32.01.2024 00:00' ...}. */
  public String describe() {
    return reason + ": " + detail;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof RejectedRow other)) {
      return false;
    }
    return lineNumber == other.lineNumber
        && sourceFile.equals(other.sourceFile)
        && rawLine.equals(other.rawLine)
        && reason == other.reason
        && detail.equals(other.detail);
  }

  @Override
  public int hashCode() {
    return Objects.hash(sourceFile, lineNumber, rawLine, reason, detail);
  }

  @Override
  public String toString() {
    return "RejectedRow{" + sourceFile + ":" + lineNumber + " " + describe() + "}";
  }
}
