package io.leadflow.jobs.sla;

import io.leadflow.jobs.aggregate.Aggregate;
import io.leadflow.jobs.aggregate.AggregateKey;
import io.leadflow.jobs.aggregate.Measures;
import io.leadflow.jobs.rows.SlaClockRow;
import io.leadflow.jobs.sla.SlaStanding.Outcome;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.leadflow.jobs.testing.Events.millis;
import static org.assertj.core.api.Assertions.assertThat;

class SlaStandingTest {

    private static final long START = millis("2026-01-01T23:50:00Z");
    private static final long DUE = millis("2026-01-02T00:05:00Z");

    private static SlaClockRow clock(long stoppedAt, long leftScopeAt) {
        return new SlaClockRow(
                "mql-15m", "L1", "ana", "emea", START, -1, DUE, stoppedAt, leftScopeAt, 1, 3);
    }

    private static Outcome outcome(long stoppedAt, long leftScopeAt, long watermark) {
        return SlaStanding.of(clock(stoppedAt, leftScopeAt), watermark, 0).outcome();
    }

    @Test
    void anEndDecidesTheOutcomeWhateverTheWatermark() {
        for (long watermark : new long[] {START, DUE + 3_600_000, Long.MAX_VALUE}) {
            assertThat(outcome(DUE, -1, watermark))
                    .as("stopped at the deadline")
                    .isEqualTo(Outcome.MET);
            assertThat(outcome(DUE + 999, -1, watermark))
                    .as("in the deadline's second, as the DateTime columns see it")
                    .isEqualTo(Outcome.MET);
            assertThat(outcome(DUE + 1000, -1, watermark)).isEqualTo(Outcome.CONTACTED_LATE);
            assertThat(outcome(-1, DUE - 1, watermark)).isEqualTo(Outcome.LEFT_SCOPE);
            assertThat(outcome(-1, DUE + 60_000, watermark)).isEqualTo(Outcome.BREACHED_LEFT_SCOPE);
        }
    }

    @Test
    void aClockWithNoEndIsBreachedOnceTheWatermarkIsPastTheDeadlinesSecond() {
        assertThat(outcome(-1, -1, DUE - 1)).isEqualTo(Outcome.PENDING);
        assertThat(outcome(-1, -1, DUE))
                .as("due_at < clock is not yet true")
                .isEqualTo(Outcome.PENDING);
        assertThat(outcome(-1, -1, DUE + 999)).isEqualTo(Outcome.PENDING);
        assertThat(SlaStanding.decidedAt(clock(-1, -1))).isEqualTo(DUE + 1000);
        assertThat(outcome(-1, -1, DUE + 1000)).isEqualTo(Outcome.BREACHED_UNRESOLVED);
    }

    @Test
    void theEndOfABoundedInputDecidesNothing() {
        assertThat(outcome(-1, -1, Long.MAX_VALUE)).isEqualTo(Outcome.PENDING);
    }

    @Test
    void aClockALateEventTookOutOfThePolicyCountsNowhere() {
        SlaClockRow uncovered =
                new SlaClockRow("mql-15m", "L1", "ana", "emea", START, -1, DUE, -1, -1, 0, 4);
        assertThat(SlaStanding.of(uncovered, DUE, 0)).isNull();
    }

    @Test
    void itCountsOnceInClocksAndOnceInItsOutcomeOnTheDayTheClockStarted() {
        Map<AggregateKey, Measures> c =
                SlaStanding.of(clock(-1, -1), DUE + 1000, 0).contributions();
        AggregateKey key =
                new AggregateKey(Aggregate.SLA_DAILY, List.of("2026-01-01", "mql-15m", "ana"));
        assertThat(c).containsOnlyKeys(key);
        long[] counters = c.get(key).counters();
        assertThat(counters[Aggregate.SLA_DAILY.counter("clocks")]).isEqualTo(1);
        assertThat(counters[Aggregate.SLA_DAILY.counter("breached_unresolved")]).isEqualTo(1);
        long total = 0;
        for (long v : counters) {
            total += v;
        }
        assertThat(total).isEqualTo(2);
        for (Outcome o : Outcome.values()) {
            assertThat(Aggregate.SLA_DAILY.counters()).contains(o.counter());
        }
    }
}
