package org.remotestore.meteoswiss;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Locates the real MeteoSwiss reference files in {@code shared/data/meteoswiss} above the repo. */
final class SharedData {

  private SharedData() {}

  /** The directory, or a skipped test (Assumptions) with a message when it is absent. */
  static Path meteoswissDir() {
    Path dir = Paths.get("").toAbsolutePath();
    while (dir != null) {
      Path candidate = dir.resolve("shared").resolve("data").resolve("meteoswiss");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
      dir = dir.getParent();
    }
    assumeTrue(
        false,
        "shared/data/meteoswiss not found above "
            + Paths.get("").toAbsolutePath()
            + "; skipping tests on the real MeteoSwiss files");
    return null;
  }

  /** A file in that directory (skipped test if absent). */
  static Path file(String name) {
    Path p = meteoswissDir().resolve(name);
    assumeTrue(Files.isRegularFile(p), "missing reference file " + p);
    return p;
  }
}
