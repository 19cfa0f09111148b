package io.leadflow.jobs.operators;

import io.leadflow.jobs.aggregate.AggregateDelta;
import io.leadflow.jobs.aggregate.AggregateKey;
import io.leadflow.jobs.rows.LeadScoreRow;
import io.leadflow.jobs.scoring.LeadScore;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class ScoreCalibrationFunctionTest {

    private static final long CREATED = Instant.parse("2026-05-10T09:00:00Z").toEpochMilli();

    private static LeadScoreRow row(
            String lead, String version, long seq, double peak, Long sqlAt, Long wonAt) {
        LeadScore score = new LeadScore(version, CREATED, 0, peak, peak, "C1", true, List.of());
        return new LeadScoreRow(
                lead, seq, true, "event", score, false, peak, CREATED, sqlAt, wonAt, seq);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, LeadScoreRow, AggregateDelta>
            harness() throws Exception {
        var h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new ScoreCalibrationFunction()),
                        LeadScoreRow::leadId,
                        Types.STRING);
        h.open();
        return h;
    }

    /** The deltas summed per row and counter, zeros dropped: what the table would hold. */
    private static Map<String, Long> summed(List<AggregateDelta> deltas) {
        Map<String, Long> sums = new TreeMap<>();
        for (AggregateDelta d : deltas) {
            AggregateKey k = d.key();
            long[] c = d.change().counters();
            List<String> names = k.aggregate().counters();
            for (int i = 0; i < c.length; i++) {
                sums.merge(String.join("|", k.dimensions()) + "|" + names.get(i), c[i], Long::sum);
            }
        }
        sums.values().removeIf(v -> v == 0);
        return sums;
    }

    @Test
    void aLeadThatMovesBandAndReachesSqlIsRetractedFromItsOldCell() throws Exception {
        var h = harness();
        h.processElement(row("L1", "v1", 1, 12, null, null), 0);
        h.processElement(row("L1", "v1", 2, 12, null, null), 0);
        assertThat(h.extractOutputValues())
                .as("a row that leaves the lead in its cell changes nothing")
                .hasSize(1);
        h.processElement(row("L1", "v1", 3, 47, CREATED + 1_000, null), 0);
        h.processElement(row("L2", "v1", 1, 5, null, null), 0);

        assertThat(summed(h.extractOutputValues()))
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of(
                                "v1|2026-05-01|40|leads", 1L,
                                "v1|2026-05-01|40|reached_sql", 1L,
                                "v1|2026-05-01|0|leads", 1L));
        h.close();
    }

    @Test
    void versionsAreCountedApartAndTheCellsSurviveARestore() throws Exception {
        var h = harness();
        h.processElement(row("L1", "v1", 1, 12, null, null), 0);
        h.processElement(row("L1", "v2", 2, 33, null, null), 0);
        OperatorSubtaskState snapshot = h.snapshot(1, 1);
        List<AggregateDelta> before = List.copyOf(h.extractOutputValues());
        h.close();

        var restored =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new ScoreCalibrationFunction()),
                        LeadScoreRow::leadId,
                        Types.STRING);
        restored.initializeState(snapshot);
        restored.open();
        restored.processElement(row("L1", "v2", 3, 33, null, CREATED + 5_000), 0);

        List<AggregateDelta> all = new java.util.ArrayList<>(before);
        all.addAll(restored.extractOutputValues());
        assertThat(summed(all))
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of(
                                "v1|2026-05-01|10|leads", 1L,
                                "v2|2026-05-01|30|leads", 1L,
                                "v2|2026-05-01|30|won", 1L));
        restored.close();
    }
}
