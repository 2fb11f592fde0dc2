package org.remotestore.bench;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.remotestore.meteoswiss.replay.MeteoSwissReplayServer;

/**
 * The 20 stations of the whole-job benchmark: the replay's 10 bundled stations plus the first 10
 * other stations of the real MeteoSwiss station inventory ({@code ogd-smn_meta_stations.csv} in
 * {@code bench.meteoswiss.dir}, by default {@code ../shared/data/meteoswiss} beside the checkout),
 * served by the replay from that real file. Without the file, the 10 bundled stations are used and
 * the report says so. {@link #load(BenchContext, int)} takes another count, or the whole inventory.
 */
record BenchStations(byte[] inventory, List<String> codes, String note) {
  static final int COUNT = 20;
  private static final List<String> BUNDLED =
      List.of("BAS", "BER", "DAV", "GVE", "JUN", "KLO", "LUG", "SAE", "SIO", "SMA");
  private static final String INVENTORY = "ogd-smn_meta_stations.csv";

  static BenchStations load(BenchContext ctx) throws IOException {
    return load(ctx, COUNT);
  }

  /**
   * The replay's 10 bundled stations first, then the inventory's others in file order, {@code
   * count} in all; {@code count <= 0}: every station of the inventory.
   */
  static BenchStations load(BenchContext ctx, int count) throws IOException {
    Path file =
        Path.of(System.getProperty("bench.meteoswiss.dir", "../shared/data/meteoswiss"))
            .resolve(INVENTORY);
    if (!Files.isRegularFile(file)) {
      return new BenchStations(
          null,
          BUNDLED,
          "job: the real station inventory "
              + file.toAbsolutePath().normalize()
              + " is missing (-Dbench.meteoswiss.dir), so the job ran with the replay's "
              + BUNDLED.size()
              + " bundled stations instead of "
              + (count > 0 ? Integer.toString(count) : "the whole inventory")
              + ".");
    }
    byte[] bytes = Files.readAllBytes(file);
    Set<String> codes = new LinkedHashSet<>(BUNDLED);
    List<String> lines = List.of(new String(bytes, Charset.forName("windows-1252")).split("\r?\n"));
    for (String line : lines.subList(1, lines.size())) {
      if (codes.size() == count) {
        break;
      }
      String code = line.split(";", 2)[0].trim().toUpperCase(Locale.ROOT);
      if (!code.isEmpty()) {
        codes.add(code);
      }
    }
    Workloads.check(
        count <= 0 || codes.size() == count, "fewer than " + count + " stations in " + file);
    return new BenchStations(bytes, new ArrayList<>(codes), "");
  }

  /** A replay builder serving these stations (from the real inventory when present). */
  MeteoSwissReplayServer.Builder replay() {
    MeteoSwissReplayServer.Builder builder = MeteoSwissReplayServer.builder();
    if (inventory != null) {
      builder.stationsFixture(inventory);
    }
    return builder.stations(codes.toArray(String[]::new));
  }
}
