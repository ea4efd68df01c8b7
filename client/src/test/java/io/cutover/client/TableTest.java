package io.cutover.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TableTest {

    @Test
    void alignsColumnsToTheWidestCellWithTwoSpacesBetween() {
        String text = Table.withColumns("NAME", "REVISION", "STATUS")
                .row("hello", 12, "RUNNING")
                .row("a-much-longer-name", 3, "DEPLOYING")
                .render();

        assertThat(text).isEqualTo("""
                NAME                REVISION  STATUS
                hello               12        RUNNING
                a-much-longer-name  3         DEPLOYING
                """);
    }

    @Test
    void showsMissingCellsAsADash() {
        String text = Table.withColumns("ID", "PID", "PORT").row("a", null, "").render();

        assertThat(text.lines()).containsExactly("ID  PID  PORT", "a   -    -");
    }

    @Test
    void rightAlignsTheColumnsAskedFor() {
        String text = Table.withColumns("INSTANCE", "REQUESTS").alignRight("REQUESTS")
                .row("a", 5)
                .row("b", 12345)
                .render();

        assertThat(text.lines()).containsExactly("INSTANCE  REQUESTS", "a                5", "b            12345");
    }

    @Test
    void leavesNoTrailingSpaces() {
        String text = Table.withColumns("A", "B").row("long value", "").row("x", "y").render();

        assertThat(text.lines()).allSatisfy(line -> assertThat(line).doesNotEndWith(" "));
    }

    @Test
    void keepsEachRowOnOneLine() {
        String text = Table.withColumns("A", "B").row("two\nlines", "b").render();

        assertThat(text.lines()).hasSize(2);
    }

    @Test
    void countsWideCharactersAsOneColumn() {
        String text = Table.withColumns("ROUTE", "APP").row("→ é", "x").row("abc", "y").render();

        assertThat(text.lines()).containsExactly("ROUTE  APP", "→ é    x", "abc    y");
    }

    @Test
    void headerOnlyWhenEmpty() {
        Table table = Table.withColumns("HOST", "APP");

        assertThat(table.isEmpty()).isTrue();
        assertThat(table.render()).isEqualTo("HOST  APP\n");
    }

    @Test
    void rejectsARowWithTheWrongNumberOfCells() {
        assertThatThrownBy(() -> Table.withColumns("A", "B").row("only one"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cells: 1 (expected: 2, one per column)");
    }

    @Test
    void rejectsAnUnknownColumnToAlign() {
        assertThatThrownBy(() -> Table.withColumns("A").alignRight("B"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("column: B");
    }

    @Test
    void showsTimesToTheSecond() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = ApiClient.json();

        assertThat(Table.time(json.readTree("\"2026-11-22T04:34:56.949856927Z\""))).isEqualTo("2026-11-22T04:34:56Z");
        assertThat(Table.time(json.readTree("\"2026-11-22T04:34:56Z\""))).isEqualTo("2026-11-22T04:34:56Z");
        assertThat(Table.time(json.readTree("\"yesterday\""))).isEqualTo("yesterday");
        assertThat(Table.time(json.readTree("null"))).isEmpty();
        assertThat(Table.time(json.missingNode())).isEmpty();
    }
}
