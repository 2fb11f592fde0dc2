package org.remotestore.meteoswiss.replay;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.remotestore.meteoswiss.FeedFile;
import org.remotestore.meteoswiss.FeedTimestamps;
import org.remotestore.meteoswiss.Granularity;

/** Renders the bytes of one station file: the header, then every published row of its window. */
final class ReplayStationFile {
  private ReplayStationFile() {}

  /**
   * The file's CSV: {@code header}, one row per timestamp of {@code w} that is not a gap (values
   * from the model with {@code relevant} changes applied), and injected malformed lines.
   */
  static byte[] render(
      WeatherModel model,
      List<String> header,
      ReplayStation s,
      FeedFile f,
      ReplayWindow w,
      List<ReplayChange> relevant,
      Instant incompleteAt) {
    Granularity g = f.granularity();
    ReplayRowValues rv = new ReplayRowValues(model, s, g, header, relevant);
    AsciiBuffer out = new AsciiBuffer(64 * 1024);
    out.append(String.join(";", header)).append('\n');
    int n = header.size() - 2;
    double[] values = new double[n];
    boolean[] present = new boolean[n];
    for (Instant ts = w.first(); !ts.isAfter(w.last()); ts = g.next(ts)) {
      if (!model.isGap(s, g, ts)) {
        rv.fill(ts, ts.equals(incompleteAt), values, present);
        out.append(s.abbr()).append(';').append(FeedTimestamps.format(ts));
        for (int i = 0; i < n; i++) {
          out.append(';');
          if (present[i]) {
            out.number(values[i], rv.decimals[i]);
          }
        }
        out.append('\n');
      }
      for (ReplayChange c : relevant) {
        if (c.malformedLine() != null && c.from().equals(ts)) {
          out.append(c.malformedLine()).append('\n');
        }
      }
    }
    return out.toByteArray();
  }

  /** Grows a byte array from text (station files contain only ASCII). */
  static final class AsciiBuffer {
    private byte[] bytes;
    private int size;

    AsciiBuffer(int capacity) {
      bytes = new byte[capacity];
    }

    private void ensure(int extra) {
      if (size + extra > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + extra));
      }
    }

    AsciiBuffer append(char c) {
      ensure(1);
      bytes[size++] = (byte) c;
      return this;
    }

    AsciiBuffer append(String text) {
      byte[] b = text.getBytes(ReplayFeed.WINDOWS_1252);
      ensure(b.length);
      System.arraycopy(b, 0, bytes, size, b.length);
      size += b.length;
      return this;
    }

    void number(double v, int decimals) {
      long scaled = decimals == 0 ? Math.round(v) : Math.round(v * 10);
      if (scaled < 0) {
        append('-');
        scaled = -scaled;
      }
      appendDigits(decimals == 0 ? scaled : scaled / 10);
      if (decimals != 0 && scaled % 10 != 0) {
        append('.');
        append((char) ('0' + scaled % 10));
      }
    }

    private void appendDigits(long v) {
      if (v >= 10) {
        appendDigits(v / 10);
      }
      append((char) ('0' + v % 10));
    }

    byte[] toByteArray() {
      return Arrays.copyOf(bytes, size);
    }
  }
}
