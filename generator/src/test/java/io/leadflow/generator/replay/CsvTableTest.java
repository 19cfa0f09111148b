package io.leadflow.generator.replay;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CsvTableTest {

    @Test
    void readsQuotedFieldsEmptyFieldsAndBothLineEndings() {
        CsvTable table =
                CsvTable.parse(
                        "a,b,c\r\n1,\"cat, wolf\",\n\"say \"\"hi\"\"\",\"two\nlines\",x\n",
                        "t.csv");
        assertThat(table.header()).containsExactly("a", "b", "c");
        assertThat(table.rows())
                .containsExactly(
                        Map.of("a", "1", "b", "cat, wolf", "c", ""),
                        Map.of("a", "say \"hi\"", "b", "two\nlines", "c", "x"));
    }

    @Test
    void lastLineWithoutNewlineAndBlankLinesAreFine() {
        CsvTable table = CsvTable.parse("a,b\n\n1,2", "t.csv");
        assertThat(table.rows()).isEqualTo(List.of(Map.of("a", "1", "b", "2")));
    }

    @Test
    void wrongFieldCountNamesTheLine() {
        assertThatThrownBy(() -> CsvTable.parse("a,b\n1,2\n3\n", "t.csv"))
                .hasMessage("t.csv:3: 1 fields, but the header has 2");
        assertThatThrownBy(() -> CsvTable.parse("a\n\"open\n", "t.csv"))
                .hasMessageContaining("not closed");
    }
}
