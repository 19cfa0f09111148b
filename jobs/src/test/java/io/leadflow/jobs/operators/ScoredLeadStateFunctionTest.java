package io.leadflow.jobs.operators;

import io.leadflow.jobs.lifecycle.LeadLifecycle;
import io.leadflow.jobs.rows.LeadStateRow;
import io.leadflow.jobs.rows.LeadStateScore;
import io.leadflow.schema.event.LeadEvent;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.leadflow.jobs.testing.Events.created;
import static io.leadflow.jobs.testing.Events.inbound;
import static io.leadflow.jobs.testing.Events.millis;
import static org.assertj.core.api.Assertions.assertThat;

class ScoredLeadStateFunctionTest {

    private static final List<LeadEvent> EVENTS =
            List.of(
                    created("L1", "2026-03-02T09:00:00Z", "web_form"),
                    inbound("L1", "2026-03-02T09:05:00Z", "page_view"),
                    inbound("L1", "2026-03-02T09:10:00Z", "page_view"));

    private static KeyedTwoInputStreamOperatorTestHarness<
                    String, LeadStateRow, ActiveScore, LeadStateRow>
            harness() throws Exception {
        var h = unopened();
        h.open();
        return h;
    }

    private static KeyedTwoInputStreamOperatorTestHarness<
                    String, LeadStateRow, ActiveScore, LeadStateRow>
            unopened() throws Exception {
        return new KeyedTwoInputStreamOperatorTestHarness<>(
                new KeyedCoProcessOperator<>(new ScoredLeadStateFunction()),
                (LeadStateRow r) -> r.lead().leadId(),
                ActiveScore::leadId,
                Types.STRING);
    }

    /** The lifecycle's row after the first {@code events} events. */
    private static LeadStateRow row(int events) {
        var d = LeadLifecycle.derive("L1", new ArrayList<>(EVENTS.subList(0, events)));
        return new LeadStateRow(d.lead(), d.transitions(), d.rejections(), events);
    }

    private static ActiveScore score(long eventsApplied, double total, String at) {
        return new ActiveScore(
                "L1",
                eventsApplied,
                new LeadStateScore("v1", total, "B2", total >= 60, millis(at)));
    }

    private static List<LeadStateRow> written(
            KeyedTwoInputStreamOperatorTestHarness<String, LeadStateRow, ActiveScore, LeadStateRow>
                    h) {
        return h.extractOutputValues();
    }

    @Test
    void aRowIsWrittenWithTheScoreOfItsEventsWhenTheScoreCameFirst() throws Exception {
        var h = harness();
        h.processElement2(score(2, 45, "2026-03-02T09:05:00Z"), 0L);
        assertThat(written(h)).as("no row to stamp yet").isEmpty();
        h.processElement1(row(2), 0L);
        assertThat(written(h)).hasSize(1);
        assertThat(written(h).get(0).version()).isEqualTo(2);
        assertThat(written(h).get(0).score().total()).isEqualTo(45.0);
        h.close();
    }

    @Test
    void aScoreThatOvertookItsRowWaitsForIt() throws Exception {
        var h = harness();
        h.processElement1(row(1), 0L);
        assertThat(written(h).get(0).score()).as("no score yet").isNull();
        // The score of the second event, whose row is still to come: no rewrite of row 1 with it.
        h.processElement2(score(2, 45, "2026-03-02T09:05:00Z"), 0L);
        assertThat(written(h)).hasSize(1);
        h.processElement1(row(2), 0L);
        assertThat(written(h)).hasSize(2);
        assertThat(written(h).get(1).score().total()).isEqualTo(45.0);
        h.close();
    }

    @Test
    void aScoreForEventsTheRowHasRewritesTheRowWithTheSameVersion() throws Exception {
        var h = harness();
        h.processElement2(score(3, 70, "2026-03-02T09:10:00Z"), 0L);
        h.processElement1(row(3), 0L);
        // A decay below the release, a day later: no event, the same row with the new stamp.
        h.processElement2(score(3, 49.9, "2026-03-03T09:10:01Z"), 0L);
        assertThat(written(h)).hasSize(2);
        LeadStateRow rewritten = written(h).get(1);
        assertThat(rewritten.version()).isEqualTo(3);
        assertThat(rewritten.lead()).isEqualTo(row(3).lead());
        assertThat(rewritten.transitions()).isEqualTo(row(3).transitions());
        assertThat(rewritten.score().total()).isEqualTo(49.9);
        assertThat(rewritten.score().salesReady()).isFalse();
        assertThat(rewritten.score().scoredAt()).isEqualTo(millis("2026-03-03T09:10:01Z"));
        // The same stamp again (a shadow's change, re-sent as active): nothing to rewrite.
        h.processElement2(score(3, 49.9, "2026-03-03T09:10:01Z"), 0L);
        assertThat(written(h)).hasSize(2);
        h.close();
    }

    @Test
    void anOlderRowDoesNotReplaceANewerOne() throws Exception {
        var h = harness();
        h.processElement1(row(3), 0L);
        h.processElement1(row(2), 0L);
        assertThat(written(h)).hasSize(1);
        h.processElement2(score(3, 70, "2026-03-02T09:10:00Z"), 0L);
        assertThat(written(h).get(1).version()).isEqualTo(3);
        h.close();
    }

    @Test
    void theRowAndScoreSurviveARestart() throws Exception {
        var h = harness();
        h.processElement2(score(3, 70, "2026-03-02T09:10:00Z"), 0L);
        h.processElement1(row(3), 0L);
        OperatorSubtaskState snapshot = h.snapshot(1L, 1L);
        h.close();
        var restored = unopened();
        restored.initializeState(snapshot);
        restored.open();
        restored.processElement2(score(3, 49.9, "2026-03-03T09:10:01Z"), 0L);
        assertThat(written(restored)).hasSize(1);
        assertThat(written(restored).get(0).version()).isEqualTo(3);
        assertThat(written(restored).get(0).lead()).isEqualTo(row(3).lead());
        restored.close();
    }
}
