package org.remotestore.medallion.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SqlScriptTest {

  @Test
  void splitsOnSemicolonsOutsideLiteralsIdentifiersAndComments() {
    String script =
        "-- heading; not a statement\n"
            + "SET 'a.b' = 'x;y';\n"
            + "CREATE TABLE `t;1` (c STRING) WITH ('k' = 'it''s; fine'); /* block; comment */\n"
            + "SELECT \"a;b\" FROM t -- trailing; comment\n"
            + ";\n"
            + "-- closing comment only; nothing to run\n";
    assertThat(SqlScript.statements(script))
        .containsExactly(
            "-- heading; not a statement\nSET 'a.b' = 'x;y'",
            "CREATE TABLE `t;1` (c STRING) WITH ('k' = 'it''s; fine')",
            "/* block; comment */\nSELECT \"a;b\" FROM t -- trailing; comment");
  }

  @Test
  void keepsALastStatementWithoutSemicolonAndSkipsEmptyOnes() {
    assertThat(SqlScript.statements(";;  SELECT 1;\n;\nSELECT 2  "))
        .containsExactly("SELECT 1", "SELECT 2");
    assertThat(SqlScript.statements("-- only a comment\n/* and another */")).isEmpty();
  }

  @Test
  void unclosedQuotesAndCommentsNameTheLine() {
    assertThatThrownBy(() -> SqlScript.statements("SELECT 1;\nSELECT 'open;\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line 2");
    assertThatThrownBy(() -> SqlScript.statements("SELECT 1;\n\n/* never closed"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line 3");
  }
}
