package io.leadflow.jobs.io;

import io.leadflow.jobs.aggregate.Aggregate;
import io.leadflow.jobs.aggregate.AggregateKey;
import io.leadflow.jobs.aggregate.AggregateRow;
import io.leadflow.jobs.aggregate.Measures;

import org.apache.flink.api.connector.sink2.CommittingSinkWriter;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

class CommittedClickHouseSinkTest {

    private static final ClickHouseSink.Settings SETTINGS =
            new ClickHouseSink.Settings(
                    "http://127.0.0.1:1", "db", "default", "", 100, Duration.ofSeconds(1), 0);

    private static AggregateRow members(String day, long members, long version) {
        return new AggregateRow(
                new AggregateKey(
                        Aggregate.COHORT_REACH, List.of("lead", day, "web", "spring", "MQL", "3")),
                new Measures(new long[] {members}, new long[0]),
                version);
    }

    @SuppressWarnings("unchecked")
    private static List<CommittedClickHouseSink.TableInsert> commit(List<AggregateRow> rows)
            throws Exception {
        CommittedClickHouseSink<AggregateRow> sink =
                (CommittedClickHouseSink<AggregateRow>)
                        new ClickHouseRowSinks(SETTINGS).aggregates();
        // The writer needs nothing from its context: its rows wait for prepareCommit.
        var writer =
                (CommittingSinkWriter<AggregateRow, CommittedClickHouseSink.TableInsert>)
                        sink.createWriter(null);
        for (AggregateRow row : rows) {
            writer.write(row, null);
        }
        List<CommittedClickHouseSink.TableInsert> inserts = new ArrayList<>(writer.prepareCommit());
        writer.close();
        return inserts;
    }

    /** The rows of an insert, as the JSON text its gzip-compressed body holds. */
    private static String text(CommittedClickHouseSink.TableInsert insert) {
        try (var in = new GZIPInputStream(new ByteArrayInputStream(insert.body()))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A writer of an appending sink into cohort_reach: no row replaces another. */
    @SuppressWarnings("unchecked")
    private static CommittingSinkWriter<AggregateRow, CommittedClickHouseSink.TableInsert>
            appendingWriter() {
        CommittedClickHouseSink<AggregateRow> sink =
                CommittedClickHouseSink.appending(
                        ClickHouseRowSinks.AGGREGATE_TABLES.get(Aggregate.COHORT_REACH.ordinal()),
                        SETTINGS);
        return (CommittingSinkWriter<AggregateRow, CommittedClickHouseSink.TableInsert>)
                sink.createWriter(null);
    }

    /**
     * The rows of several inserts, in order, after checking that there are several and that each is
     * within the bound (one row past it at most: an insert closes after the row that reaches it)
     * and holds as many lines as it says.
     */
    private static List<String> boundedLines(List<CommittedClickHouseSink.TableInsert> inserts) {
        assertThat(inserts).hasSizeGreaterThan(1);
        List<String> lines = new ArrayList<>();
        for (CommittedClickHouseSink.TableInsert insert : inserts) {
            String text = text(insert);
            assertThat(text.getBytes(StandardCharsets.UTF_8).length)
                    .isLessThan(CommittedClickHouseSink.INSERT_BYTES + 64 * 1024);
            assertThat(insert.body().length).as("compressed").isLessThan(text.length() / 4);
            List<String> body = text.lines().toList();
            assertThat(body).hasSize(insert.rows());
            lines.addAll(body);
        }
        return lines;
    }

    @Test
    void aCheckpointInsertsOnlyTheLastRowOfEachKey() throws Exception {
        List<CommittedClickHouseSink.TableInsert> inserts =
                commit(
                        List.of(
                                members("2026-01-01", 1, 10),
                                members("2026-01-02", 5, 11),
                                members("2026-01-01", 2, 12),
                                members("2026-01-01", 3, 13)));

        assertThat(inserts).singleElement().satisfies(i -> assertThat(i.rows()).isEqualTo(2));
        List<String> lines = text(inserts.get(0)).lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).contains("\"2026-01-01\"").contains("\"members\":3");
        assertThat(lines.get(0)).contains("13");
        assertThat(lines.get(1)).contains("\"2026-01-02\"").contains("\"members\":5");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aKeyWrittenAgainAfterACommitIsInsertedAgainAndNothingIsLeftOver() throws Exception {
        var writer =
                (CommittingSinkWriter<AggregateRow, CommittedClickHouseSink.TableInsert>)
                        new ClickHouseRowSinks(SETTINGS).aggregates().createWriter(null);
        writer.write(members("2026-01-01", 1, 10), null);
        assertThat(writer.prepareCommit())
                .singleElement()
                .satisfies(i -> assertThat(i.rows()).isEqualTo(1));
        assertThat(writer.prepareCommit()).isEmpty();
        writer.write(members("2026-01-01", 2, 11), null);
        assertThat(writer.prepareCommit())
                .singleElement()
                .satisfies(i -> assertThat(text(i)).contains("\"members\":2"));
        writer.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aLargeCheckpointIsHandedOverInBoundedInsertsThatHoldEveryRowInOrder() throws Exception {
        List<AggregateRow> rows = new ArrayList<>();
        for (int i = 0; rows.size() < 400_000; i++) {
            rows.add(members(String.format("2026-%05d", i), i, i));
        }
        List<CommittedClickHouseSink.TableInsert> inserts = commit(rows);

        List<String> lines = boundedLines(inserts);
        assertThat(lines).hasSize(rows.size());
        assertThat(lines.get(0)).contains("\"2026-00000\"");
        assertThat(lines.get(rows.size() - 1)).contains("\"2026-399999\"");
    }

    @Test
    void anAppendingSinkInsertsEveryRowEvenWithEqualColumns() throws Exception {
        var writer = appendingWriter();
        writer.write(members("2026-01-01", 1, 10), null);
        writer.write(members("2026-01-01", 1, 10), null);
        writer.write(members("2026-01-01", 2, 11), null);
        assertThat(writer.prepareCommit())
                .singleElement()
                .satisfies(i -> assertThat(i.rows()).isEqualTo(3));
        assertThat(writer.prepareCommit()).isEmpty();
        writer.close();
    }

    @Test
    void anAppendingSinkCutsInsertsAsRowsArriveAndHandsThemAllOverAtTheCheckpoint()
            throws Exception {
        var writer = appendingWriter();
        int rows = 400_000;
        for (int i = 0; i < rows; i++) {
            writer.write(members(String.format("2026-%06d", i), i, i), null);
        }
        List<CommittedClickHouseSink.TableInsert> inserts = new ArrayList<>(writer.prepareCommit());
        assertThat(writer.prepareCommit()).as("nothing is left for the next checkpoint").isEmpty();
        writer.close();

        List<String> lines = boundedLines(inserts);
        assertThat(lines).hasSize(rows);
        for (int i = 0; i < rows; i += 99_999) {
            assertThat(lines.get(i)).contains(String.format("\"2026-%06d\"", i));
        }
    }
}
