package org.remotestore.medallion.sql;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The SQL scripts of {@code medallion-job/sql/}, read as they are. */
final class LakeScripts {
  static final String TABLES = "tables.sql";
  static final String EXAMPLES = "examples.sql";

  /** The text of a script in {@code medallion-job/sql/}. */
  static String read(String name) {
    Path folder = Path.of("sql");
    if (!Files.isDirectory(folder)) {
      folder = Path.of("medallion-job", "sql");
    }
    try {
      return Files.readString(folder.resolve(name), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot read the SQL script " + folder.toAbsolutePath().resolve(name), e);
    }
  }

  private LakeScripts() {}
}
