package org.remotestore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StorePathsTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "a/b/c|a/b/c",
        "a//b|a/b",
        "a/./b/.|a/b",
        "a/b/|a/b",
        "a/b//|a/b",
        "./a|a",
        "a/b/../c|a/c",
        "a/..|''",
        "''|''",
        ".|''",
        "./|''",
        "%2e%2e/x|%2e%2e/x",
        "a/%2E%2E/%2f|a/%2E%2E/%2f",
        "...|...",
        "a/..b/c..|a/..b/c..",
        "xy:z|xy:z",
        "dir/C:|dir/C:",
        "ünï cödé/ä b|ünï cödé/ä b",
        ".hidden/.x|.hidden/.x",
        "a/.|a",
        "a/../b|b",
        "..a/b..|..a/b..",
        "a/b/..|a"
      })
  void normalises(String in, String expected) throws InvalidPath {
    assertThat(StorePaths.normalize(in)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/a",
        "/",
        "//a",
        "..",
        "../a",
        "a/../..",
        "a/../../b",
        "a/b/../../../c",
        "./../a",
        "a\\b",
        "\\a",
        "..\\a",
        "C:",
        "c:/x",
        "C:\\x",
        "Z:rel",
        "a\0b",
        "a\nb",
        "\u0001"
      })
  void rejects(String bad) {
    assertThatThrownBy(() -> StorePaths.normalize(bad, "lake"))
        .isInstanceOf(InvalidPath.class)
        .satisfies(e -> assertThat(((InvalidPath) e).backend()).isEqualTo("lake"))
        .hasMessageContaining("Invalid path '");
  }

  @Test
  void messageNamesThePathAndShowsControlCharacters() {
    assertThatThrownBy(() -> StorePaths.normalize("a/../../etc"))
        .hasMessageContaining("'a/../../etc'")
        .hasMessageContaining("..");
    assertThatThrownBy(() -> StorePaths.normalize("bad\0name"))
        .hasMessageContaining("bad\\u0000name")
        .hasMessageContaining("NUL");
    assertThatThrownBy(() -> StorePaths.normalize(null)).isInstanceOf(InvalidPath.class);
  }

  @Test
  void joinsAndRelativizes() {
    assertThat(StorePaths.join("", "a/b")).isEqualTo("a/b");
    assertThat(StorePaths.join("root", "")).isEqualTo("root");
    assertThat(StorePaths.join("root/x", "a/b")).isEqualTo("root/x/a/b");
    assertThat(StorePaths.relativize("root/x", "root/x/a/b")).isEqualTo("a/b");
    assertThat(StorePaths.relativize("root/x", "root/x")).isEmpty();
    assertThat(StorePaths.relativize("", "a")).isEqualTo("a");
    assertThatThrownBy(() -> StorePaths.relativize("root/x", "root/xy/a"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StorePaths.relativize("root", "other"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void parentNameAndDepth() {
    assertThat(StorePaths.parent("a/b/c")).isEqualTo("a/b");
    assertThat(StorePaths.parent("a")).isEmpty();
    assertThat(StorePaths.fileName("a/b/c.txt")).isEqualTo("c.txt");
    assertThat(StorePaths.fileName("c.txt")).isEqualTo("c.txt");
    assertThat(StorePaths.depth("")).isZero();
    assertThat(StorePaths.depth("a")).isEqualTo(1);
    assertThat(StorePaths.depth("a/b/c")).isEqualTo(3);
  }
}
