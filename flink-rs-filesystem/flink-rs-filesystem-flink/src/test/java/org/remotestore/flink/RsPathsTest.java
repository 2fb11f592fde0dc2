package org.remotestore.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.flink.core.fs.Path;
import org.junit.jupiter.api.Test;

/**
 * The Flink path of a store path is the one Flink's three-part {@link Path} constructor gives,
 * whether {@link RsPaths#toPath} takes its one-parse way (nothing to quote or normalise) or not.
 */
class RsPathsTest {
  private static final List<String> STORES = List.of("lake", "my_store", "a.b-c", "S3Bench");
  private static final List<String> PATHS =
      List.of(
          "",
          "f",
          "small-3/part-00001.csv",
          "silver/station=BER/day=2026-01-01/part-0.parquet",
          "_checkpoints/abc/chk-1/_metadata",
          "a+b/c,d;e/f!g$h&i'j(k)l*m",
          "x@y/z~w",
          "a.b/..c/d..",
          "a-b_c/.hidden",
          "with space/and%percent",
          "caf\u00e9/\u65e5\u672c",
          "q?/h#",
          "a:b/c",
          "a//b",
          "a/./b",
          "a/../b",
          "trailing/");

  @Test
  void everyStorePathGivesThePathOfTheThreePartConstructor() {
    for (String store : STORES) {
      for (String p : PATHS) {
        Path expected = new Path(RsPaths.SCHEME, store, "/" + p);
        Path actual = RsPaths.toPath(store, p);
        assertThat(actual).as(store + " " + p).isEqualTo(expected);
        assertThat(actual.toString()).as(store + " " + p).isEqualTo(expected.toString());
        assertThat(actual.toUri().getAuthority()).isEqualTo(expected.toUri().getAuthority());
        assertThat(actual.toUri().getPath()).isEqualTo(expected.toUri().getPath());
        assertThat(actual.getName()).isEqualTo(expected.getName());
        assertThat(RsPaths.storePath(actual)).isEqualTo(RsPaths.storePath(expected));
      }
    }
  }

  @Test
  void onlyNamesThatNeedNoQuotingOrNormalisingArePlain() {
    assertThat(RsPaths.isPlain("silver/station=BER/day=2026-01-01/part-0.parquet", true)).isTrue();
    assertThat(RsPaths.isPlain("lake", false)).isTrue();
    assertThat(RsPaths.isPlain("", true)).isFalse();
    assertThat(RsPaths.isPlain("a b", true)).isFalse();
    assertThat(RsPaths.isPlain("a%20b", true)).isFalse();
    assertThat(RsPaths.isPlain("a//b", true)).isFalse();
    assertThat(RsPaths.isPlain("/a", true)).isFalse();
    assertThat(RsPaths.isPlain("a/", true)).isFalse();
    assertThat(RsPaths.isPlain("a/../b", true)).isFalse();
    assertThat(RsPaths.isPlain("a/b", false)).isFalse();
    assertThat(RsPaths.isPlain("user@host", false)).isFalse();
  }
}
