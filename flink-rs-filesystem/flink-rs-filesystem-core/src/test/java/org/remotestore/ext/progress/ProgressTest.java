package org.remotestore.ext.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.remotestore.AlreadyExists;
import org.remotestore.Store;
import org.remotestore.ext.TestStores;
import org.remotestore.ext.transfer.Transfer;
import org.remotestore.ext.transfer.TransferProgress;

class ProgressTest {
  private final Store store = TestStores.memory("progress");
  private final List<long[]> reports = new ArrayList<>();
  private final ProgressListener recorder =
      (bytes, total) -> reports.add(new long[] {bytes, total});

  private List<String> reported() {
    return reports.stream().map(r -> r[0] + "/" + r[1]).toList();
  }

  @Test
  void aReadReportsBytesSoFarAndTheFileSize() throws IOException {
    store.write("f.bin", new byte[2500], false);
    try (InputStream in = Progress.read(store, "f.bin", 0, recorder)) {
      byte[] buffer = new byte[1000];
      while (in.read(buffer) >= 0) {
        // reading
      }
    }
    assertThat(reported()).containsExactly("1000/2500", "2000/2500", "2500/2500");
  }

  @Test
  void aStepLimitsReportsButTheFirstAndLastAreAlwaysThere() throws IOException {
    try (ProgressInputStream in =
        new ProgressInputStream(new ByteArrayInputStream(new byte[3000]), 3000, 1024, recorder)) {
      while (in.read() >= 0) {
        // byte by byte
      }
      assertThat(in.bytes()).isEqualTo(3000);
    }
    assertThat(reported()).containsExactly("1/3000", "1025/3000", "2049/3000", "3000/3000");
  }

  @Test
  void anUnknownTotalIsMinusOneAndTheEndIsReported() throws IOException {
    try (ProgressInputStream in =
        new ProgressInputStream(new ByteArrayInputStream(new byte[100]), -1, 64, recorder)) {
      assertThat(in.skip(10)).isEqualTo(10);
      in.readAllBytes();
      assertThatThrownBy(in::reset).isInstanceOf(IOException.class);
    }
    assertThat(reported()).containsExactly("10/-1", "100/-1");
  }

  @Test
  void aWriteReportsAndPublishesAtomically() throws IOException {
    byte[] data = new byte[5000];
    long written =
        Progress.write(
            store, "out/w.bin", new ByteArrayInputStream(data), false, 5000, 0, recorder);
    assertThat(written).isEqualTo(5000);
    assertThat(store.readBytes("out/w.bin")).hasSize(5000);
    assertThat(reports).isNotEmpty();
    assertThat(reported().get(reports.size() - 1)).isEqualTo("5000/5000");
    assertThat(reports).allSatisfy(r -> assertThat(r[1]).isEqualTo(5000));
    assertThatThrownBy(
            () ->
                Progress.write(
                    store, "out/w.bin", new ByteArrayInputStream(data), false, -1, 0, recorder))
        .isInstanceOf(AlreadyExists.class);

    reports.clear();
    Store.AtomicOutputStream out =
        Progress.openAtomic(store, "out/aborted.bin", false, -1, 0, recorder);
    out.write(new byte[300]);
    out.write(7);
    out.abort();
    assertThat(reported()).containsExactly("300/-1", "301/-1");
    assertThat(store.exists("out/aborted.bin")).isFalse();
  }

  @Test
  void anOutputStreamReportsTheRestOnClose() throws IOException {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    try (ProgressOutputStream out = new ProgressOutputStream(sink, -1, 1000, recorder)) {
      out.write(new byte[600]);
      out.write(new byte[600]);
      out.write(new byte[10]);
    }
    assertThat(reported()).containsExactly("1200/-1", "1210/-1");
    assertThat(sink.size()).isEqualTo(1210);
  }

  @Test
  void transferReportsThroughTheProgressStreams() throws IOException {
    Store target = TestStores.memory("progress-target");
    store.write("in/a.bin", new byte[2048], false);
    store.write("in/b.bin", new byte[1000], false);
    List<TransferProgress> progress = new ArrayList<>();
    Transfer.builder()
        .bufferSize(1024)
        .listener(progress::add)
        .build()
        .copyFolder(store, "in", target, "out");
    assertThat(progress)
        .extracting(
            p -> p.source() + ":" + p.fileBytes() + "/" + p.fileTotal() + "@" + p.overallBytes())
        .containsExactly(
            "a.bin:1024/2048@1024",
            "a.bin:2048/2048@2048",
            "a.bin:2048/2048@2048",
            "b.bin:1000/1000@3048",
            "b.bin:1000/1000@3048");
    assertThat(progress.get(progress.size() - 1).overallTotal()).isEqualTo(3048);
  }
}
