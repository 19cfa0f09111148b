package io.leadflow.schema.clickhouse;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StatementSplitterTest {

    @Test
    void splitsOnlyAtSemicolonsOutsideQuotesAndComments() {
        String script =
                "-- a comment; with a semicolon\n"
                        + "CREATE TABLE a (x String COMMENT 'it''s; fine', y String COMMENT 'a\\'b;');\n"
                        + "\n"
                        + "CREATE TABLE `b;c` (z UInt8) -- trailing; comment\n"
                        + ";\n";
        assertThat(StatementSplitter.split(script))
                .containsExactly(
                        "CREATE TABLE a (x String COMMENT 'it''s; fine', y String COMMENT 'a\\'b;')",
                        "CREATE TABLE `b;c` (z UInt8)");
    }

    @Test
    void rejectsAnUnterminatedString() {
        assertThatThrownBy(() -> StatementSplitter.split("SELECT 'oops"))
                .hasMessageContaining("unterminated");
    }

    @Test
    void bundledMigrationsAreOrderedAndSplittable() {
        var migrations = SchemaMigrator.bundled();
        assertThat(migrations).isNotEmpty();
        assertThat(migrations.get(0).version()).isEqualTo(1);
        migrations.forEach(m -> assertThat(StatementSplitter.split(m.sql())).isNotEmpty());
    }
}
