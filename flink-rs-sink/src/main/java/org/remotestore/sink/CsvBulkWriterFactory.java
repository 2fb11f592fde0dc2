package org.remotestore.sink;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.charset.Charset;
import java.util.Objects;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.util.function.SerializableFunction;

/**
 * Writes text lines into part files, starting each part file with a header line taken from its
 * first element. Used as a bulk format so that part files roll only on checkpoints, which is what
 * makes "one header per part file" hold across failures: a part file is never resumed after a
 * restart, it is either committed whole or discarded.
 *
 * @param <T> the element type
 */
public final class CsvBulkWriterFactory<T> implements BulkWriter.Factory<T> {
  private static final long serialVersionUID = 1L;

  private final SerializableFunction<T, String> header;
  private final SerializableFunction<T, String> line;
  private final String charsetName;

  /**
   * Creates a factory.
   *
   * @param header the header line for a part file, computed from its first element
   * @param line the line written for each element (without line terminator)
   * @param charset the encoding of the written text, for example the encoding of the input the
   *     lines were read from (which reproduces its bytes exactly)
   */
  public CsvBulkWriterFactory(
      SerializableFunction<T, String> header,
      SerializableFunction<T, String> line,
      Charset charset) {
    this.header = Objects.requireNonNull(header, "header");
    this.line = Objects.requireNonNull(line, "line");
    this.charsetName = charset.name();
  }

  @Override
  public BulkWriter<T> create(FSDataOutputStream out) {
    return new LineWriter<>(out, header, line, Charset.forName(charsetName));
  }

  private static final class LineWriter<T> implements BulkWriter<T>, Serializable {
    private static final long serialVersionUID = 1L;
    private static final byte[] NEWLINE = {'\n'};

    private final transient OutputStream out;
    private final SerializableFunction<T, String> header;
    private final SerializableFunction<T, String> line;
    private final transient Charset charset;
    private boolean headerWritten;

    LineWriter(
        OutputStream out,
        SerializableFunction<T, String> header,
        SerializableFunction<T, String> line,
        Charset charset) {
      this.out = out;
      this.header = header;
      this.line = line;
      this.charset = charset;
    }

    @Override
    public void addElement(T element) throws IOException {
      if (!headerWritten) {
        writeLine(header.apply(element));
        headerWritten = true;
      }
      writeLine(line.apply(element));
    }

    private void writeLine(String text) throws IOException {
      out.write(text.getBytes(charset));
      out.write(NEWLINE);
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }

    @Override
    public void finish() throws IOException {
      out.flush();
    }
  }
}
