package io.leadflow.jobs.operators;

import io.leadflow.jobs.aggregate.Aggregate;
import io.leadflow.jobs.aggregate.AggregateDelta;
import io.leadflow.jobs.aggregate.AggregateKey;
import io.leadflow.jobs.aggregate.AggregateRow;
import io.leadflow.jobs.aggregate.Measures;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AggregateTotalsFunctionTest {

    private static final AggregateKey STAGE_OPEN =
            new AggregateKey(Aggregate.STAGE_OPEN, List.of("2026-01-01", "google_ads", "MQL"));

    private static AggregateDelta delta(long leads) {
        return new AggregateDelta(STAGE_OPEN, new Measures(new long[] {leads}, new long[0]));
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, AggregateDelta, AggregateRow>
            harness() throws Exception {
        var h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(
                                new AggregateTotalsFunction(Duration.ofSeconds(1))),
                        d -> d.key().partitionKey(),
                        Types.STRING);
        h.open();
        return h;
    }

    private static List<AggregateRow> rows(
            KeyedOneInputStreamOperatorTestHarness<String, AggregateDelta, AggregateRow> h) {
        return h.extractOutputValues();
    }

    @Test
    void changesWithinAFlushIntervalBecomeOneAbsoluteRow() throws Exception {
        var h = harness();
        h.setProcessingTime(100);
        h.processElement(delta(1), 0);
        h.processElement(delta(1), 0);
        h.processElement(delta(-1), 0);
        h.processElement(delta(5), 0);
        assertThat(rows(h)).isEmpty();
        h.setProcessingTime(1_000);
        assertThat(rows(h)).hasSize(1);
        assertThat(rows(h).get(0).measures().counters()).containsExactly(6);
        assertThat(rows(h).get(0).key()).isEqualTo(STAGE_OPEN);
        h.setProcessingTime(5_000);
        assertThat(rows(h)).as("nothing changed, nothing written").hasSize(1);
        h.close();
    }

    @Test
    void aRowRetractedToZeroIsWrittenAsZerosThenForgotten() throws Exception {
        var h = harness();
        h.setProcessingTime(100);
        h.processElement(delta(2), 0);
        h.setProcessingTime(1_000);
        h.processElement(delta(-2), 0);
        h.setProcessingTime(2_000);
        assertThat(rows(h)).extracting(r -> r.measures().counters()[0]).containsExactly(2L, 0L);
        assertThat(h.numKeyedStateEntries()).as("no state kept for a zero row").isZero();
        h.close();
    }

    @Test
    void versionsKeepGrowingAfterARestoreFromAnOlderCheckpoint() throws Exception {
        var h = harness();
        h.setProcessingTime(100);
        h.processElement(delta(1), 0);
        OperatorSubtaskState checkpoint = h.snapshot(1, 100);
        h.setProcessingTime(1_000);
        h.processElement(delta(1), 0);
        h.setProcessingTime(2_000);
        long lastBeforeFailure = rows(h).get(rows(h).size() - 1).version();
        h.close();

        var restored =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(
                                new AggregateTotalsFunction(Duration.ofSeconds(1))),
                        (AggregateDelta d) -> d.key().partitionKey(),
                        Types.STRING);
        restored.initializeState(checkpoint);
        restored.open();
        restored.setProcessingTime(3_000);
        restored.processElement(delta(1), 0);
        restored.setProcessingTime(4_000);
        AggregateRow after = rows(restored).get(rows(restored).size() - 1);
        assertThat(after.measures().counters()).containsExactly(2);
        assertThat(after.version())
                .as("the restored job's row must win over the one written after the checkpoint")
                .isGreaterThan(lastBeforeFailure);
        restored.close();
    }
}
