package org.remotestore.testing.ext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.remotestore.FileInfo;
import org.remotestore.Store;
import org.remotestore.ext.glob.Glob;
import org.remotestore.ext.glob.InvalidGlob;

/**
 * The glob cases, the same on every backend: a backend module subclasses this with its store (class
 * name {@code GlobTest}).
 */
public abstract class GlobSuite {
  private static final List<String> FILES =
      List.of(
          "a.csv",
          "b.txt",
          "data/2025/12/z.csv",
          "data/2026/01/x.csv",
          "data/2026/01/y.parquet",
          "data/2026/02/x.csv",
          "data/readme.md",
          "logs/app.log",
          "logs/old/app-1.log",
          "weird/[x].txt");

  /** The store under test, decorated with a listing counter. */
  protected CountingStore store;

  private Store raw;

  /** A fresh, empty store. */
  protected abstract Store createStore() throws Exception;

  /** Releases the store. */
  protected void destroyStore(Store store) throws Exception {}

  @BeforeEach
  void createFixtures() throws Exception {
    raw = createStore();
    for (String file : FILES) {
      raw.write(file, file.getBytes(StandardCharsets.UTF_8), false);
    }
    store = new CountingStore(raw);
  }

  @AfterEach
  void destroy() throws Exception {
    destroyStore(raw);
  }

  private List<String> glob(String pattern) throws IOException {
    return store.glob(pattern).stream().map(FileInfo::path).toList();
  }

  @Test
  void starAndQuestionMarkStayWithinASegment() throws IOException {
    assertThat(glob("*")).containsExactly("a.csv", "b.txt");
    assertThat(glob("*.csv")).containsExactly("a.csv");
    assertThat(glob("?.txt")).containsExactly("b.txt");
    assertThat(glob("??.txt")).isEmpty();
    assertThat(glob("logs/*.log")).containsExactly("logs/app.log");
    assertThat(glob("data/*/*/x.csv")).containsExactly("data/2026/01/x.csv", "data/2026/02/x.csv");
    assertThat(glob("data/2026/*/*")).hasSize(3);
  }

  @Test
  void bracketClassesAndNegation() throws IOException {
    assertThat(glob("[ab].*")).containsExactly("a.csv", "b.txt");
    assertThat(glob("[!a].*")).containsExactly("b.txt");
    assertThat(glob("[^b].*")).containsExactly("a.csv");
    assertThat(glob("data/202[0-5]/*/*.csv")).containsExactly("data/2025/12/z.csv");
    assertThat(glob("data/2026/0[!1]/*")).containsExactly("data/2026/02/x.csv");
    assertThat(glob("weird/\\[x\\].txt")).containsExactly("weird/[x].txt");
    assertThat(glob("weird/[[]x].txt")).containsExactly("weird/[x].txt");
  }

  @Test
  void doubleStarMatchesAnyNumberOfSegments() throws IOException {
    assertThat(glob("**/*.csv"))
        .containsExactly("a.csv", "data/2025/12/z.csv", "data/2026/01/x.csv", "data/2026/02/x.csv");
    assertThat(glob("data/**"))
        .containsExactly(
            "data/2025/12/z.csv",
            "data/2026/01/x.csv",
            "data/2026/01/y.parquet",
            "data/2026/02/x.csv",
            "data/readme.md");
    assertThat(glob("data/**/x.csv")).containsExactly("data/2026/01/x.csv", "data/2026/02/x.csv");
    assertThat(glob("**/app*.log")).containsExactly("logs/app.log", "logs/old/app-1.log");
    assertThat(glob("**")).hasSize(FILES.size());
    assertThat(glob("nothing/**")).isEmpty();
  }

  @Test
  void aPatternWithoutWildcardsNamesOneFile() throws IOException {
    assertThat(glob("data/2026/01/x.csv")).containsExactly("data/2026/01/x.csv");
    assertThat(glob("data/2026/01/none.csv")).isEmpty();
    assertThat(glob("data/2026")).isEmpty(); // a folder is not a file
    assertThat(store.listings.get()).isZero();
  }

  @Test
  void onlyTheLiteralPrefixIsListedAndOneLevelNeedsNoRecursion() throws IOException {
    assertThat(glob("data/2026/01/*.csv")).containsExactly("data/2026/01/x.csv");
    assertThat(store.listed).containsExactly("data/2026/01");
    store.listed.clear();
    assertThat(glob("data/2026/*/x.csv")).hasSize(2);
    assertThat(store.listed).isNotEmpty().allMatch(p -> p.startsWith("data/2026"));
    store.listed.clear();
    assertThat(glob("logs/**")).hasSize(2);
    assertThat(store.listed).containsExactly("logs");
  }

  @Test
  void aChildStoreGlobsRelativeToItsRoot() throws IOException {
    Store data = store.child("data");
    assertThat(data.glob("2026/*/x.csv").stream().map(FileInfo::path))
        .containsExactly("2026/01/x.csv", "2026/02/x.csv");
    assertThat(data.glob("**/z.csv").get(0).size()).isEqualTo("data/2025/12/z.csv".length());
  }

  @Test
  void foldersMatchToo() throws IOException {
    assertThat(Glob.compile("data/*").folders(store)).containsExactly("data/2025", "data/2026");
    assertThat(Glob.compile("data/2026/0?").folders(store))
        .containsExactly("data/2026/01", "data/2026/02");
    assertThat(Glob.compile("**/old").folders(store)).containsExactly("logs/old");
    assertThat(Glob.compile("logs").folders(store)).containsExactly("logs");
  }

  @Test
  void malformedPatternsAreTypedErrorsNamingThePattern() {
    for (String bad : List.of("data/[2026/*.csv", "[!", "/data/*", "a\\", "data/../*", "")) {
      assertThatThrownBy(() -> store.glob(bad))
          .as(bad)
          .isInstanceOfSatisfying(
              InvalidGlob.class,
              e -> {
                assertThat(e.pattern()).isEqualTo(bad);
                assertThat(e.getMessage()).contains("'" + bad + "'");
              });
    }
    assertThat(store.listings.get()).isZero();
  }

  @Test
  void matchingRules() throws InvalidGlob {
    assertThat(Glob.compile("**/x.csv").matches("x.csv")).isTrue();
    assertThat(Glob.compile("**/x.csv").matches("a/b/x.csv")).isTrue();
    assertThat(Glob.compile("a/**/b").matches("a/b")).isTrue();
    assertThat(Glob.compile("a/**/b").matches("a/x/y/b")).isTrue();
    assertThat(Glob.compile("a/**/b").matches("a/xb")).isFalse();
    assertThat(Glob.compile("*").matches("a/b")).isFalse();
    assertThat(Glob.compile("a/**").matches("a")).isFalse();
    assertThat(Glob.compile("a*.c[s-v]v").matches("abc.csv")).isTrue();
    assertThat(Glob.compile("a.csv").matches("aXcsv")).isFalse(); // '.' is literal
    assertThat(Glob.compile("data//2026/").literalPrefix()).isEqualTo("data");
  }
}
