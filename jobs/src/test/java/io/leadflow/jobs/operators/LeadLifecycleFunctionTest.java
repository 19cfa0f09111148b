package io.leadflow.jobs.operators;

import io.leadflow.jobs.lifecycle.Transition;
import io.leadflow.jobs.lifecycle.TransitionPolicy;
import io.leadflow.jobs.rows.LateEventRow;
import io.leadflow.jobs.rows.LeadStateRow;
import io.leadflow.schema.event.LeadEvent;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

import static io.leadflow.jobs.testing.Events.created;
import static io.leadflow.jobs.testing.Events.millis;
import static io.leadflow.jobs.testing.Events.opportunity;
import static io.leadflow.jobs.testing.Events.outbound;
import static io.leadflow.jobs.testing.Events.status;
import static org.assertj.core.api.Assertions.assertThat;

class LeadLifecycleFunctionTest {

    private KeyedOneInputStreamOperatorTestHarness<String, LeadEvent, LeadStateRow> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = unopened();
        harness.open();
    }

    /** A harness of the function with the job's default durations, not yet opened. */
    private static KeyedOneInputStreamOperatorTestHarness<String, LeadEvent, LeadStateRow>
            unopened() throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(
                        new LeadLifecycleFunction(
                                Duration.ofDays(30),
                                Duration.ofDays(7),
                                TransitionPolicy.defaults(),
                                Duration.ofSeconds(1))),
                LeadEvent::leadId,
                Types.STRING);
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    private void send(LeadEvent e) throws Exception {
        harness.processElement(new StreamRecord<>(e, e.occurredAtMillis()));
    }

    private LeadStateRow lastRow() {
        List<LeadStateRow> rows = harness.extractOutputValues();
        return rows.get(rows.size() - 1);
    }

    @Test
    void duplicatesAreDroppedByEventId() throws Exception {
        LeadEvent create = created("L1", "2026-01-01T00:00:00Z", "web_form");
        send(create);
        send(create);
        assertThat(harness.extractOutputValues()).hasSize(1);
        assertThat(lastRow().transitions()).hasSize(1);
    }

    @Test
    void aLateEventRederivesTheWholeHistoryUnderAHigherVersion() throws Exception {
        send(created("L1", "2026-01-01T00:00:00Z", "web_form"));
        send(status("L1", "2026-01-03T00:00:00Z", "MQL", null));
        send(status("L1", "2026-01-04T00:00:00Z", "SAL", null));
        // Arrives last but happened in between: the lead was MQL a day earlier, so the MQL
        // transition moves to that event and the later MQL request is no change at all.
        LeadEvent earlierMql = status("L1", "2026-01-02T00:00:00Z", "MQL", null);
        send(earlierMql);

        List<LeadStateRow> rows = harness.extractOutputValues();
        assertThat(rows).extracting(LeadStateRow::version).containsExactly(1L, 2L, 3L, 4L);
        assertThat(lastRow().lead().status()).isEqualTo("SAL");
        assertThat(lastRow().transitions())
                .extracting(Transition::seq, Transition::toStatus, Transition::eventId)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                0, "INQUIRY", rows.get(0).transitions().get(0).eventId()),
                        org.assertj.core.groups.Tuple.tuple(1, "MQL", earlierMql.eventId()),
                        org.assertj.core.groups.Tuple.tuple(
                                2, "SAL", rows.get(2).transitions().get(2).eventId()));

        // A status event from before the creation now opens the history.
        send(status("L1", "2025-12-31T00:00:00Z", "INQUIRY", null));
        assertThat(lastRow().version()).isEqualTo(5L);
        assertThat(lastRow().transitions().get(0).eventType()).isEqualTo("lead.status_changed");
        assertThat(lastRow().transitions()).hasSize(3);
    }

    @Test
    void aRestoredLeadKeepsItsHeldEventsAndItsDuplicateIds() throws Exception {
        LeadEvent create = created("L1", "2026-01-01T00:00:00Z", "web_form");
        LeadEvent sal = status("L1", "2026-01-04T00:00:00Z", "SAL", null);
        send(create);
        send(sal);
        OperatorSubtaskState checkpoint = harness.snapshot(1, 10);
        harness.close();

        harness = unopened();
        harness.initializeState(checkpoint);
        harness.open();
        // A redelivered event is known after the restore, and an event from between the held
        // ones re-derives the lead from the restored history.
        send(sal);
        assertThat(harness.extractOutputValues()).isEmpty();
        LeadEvent earlierMql = status("L1", "2026-01-02T00:00:00Z", "MQL", null);
        send(earlierMql);
        assertThat(lastRow().version()).isEqualTo(3L);
        assertThat(lastRow().lead().status()).isEqualTo("SAL");
        assertThat(lastRow().transitions())
                .extracting(Transition::toStatus, Transition::eventId)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("INQUIRY", create.eventId()),
                        org.assertj.core.groups.Tuple.tuple("MQL", earlierMql.eventId()),
                        org.assertj.core.groups.Tuple.tuple("SAL", sal.eventId()));
    }

    @Test
    void aLeadWithNoMoreEventsFoldsItsHistoryWhenTheWatermarkPassesIt() throws Exception {
        send(created("L1", "2026-01-01T00:00:00Z", "web_form"));
        send(status("L1", "2026-01-02T00:00:00Z", "MQL", null));
        int holding = harness.numKeyedStateEntries();
        // Due at the oldest event + 7 days of lateness + a quarter of it as slack.
        harness.processWatermark(millis("2026-01-09T17:59:59Z"));
        assertThat(harness.numKeyedStateEntries()).isEqualTo(holding);
        harness.processWatermark(millis("2026-01-11T00:00:00Z"));
        // History, the second progress and the oldest-held instant are gone; the base is new.
        assertThat(harness.numKeyedStateEntries()).isEqualTo(holding - 3 + 1);

        send(status("L1", "2026-01-12T00:00:00Z", "SAL", null));
        assertThat(lastRow().version()).isEqualTo(3L);
        assertThat(lastRow().transitions())
                .extracting(Transition::toStatus)
                .containsExactly("INQUIRY", "MQL", "SAL");
        send(status("L1", "2026-01-03T00:00:00Z", "SQL", null));
        assertThat(harness.getSideOutput(LeadLifecycleFunction.LATE_EVENTS)).hasSize(1);
        assertThat(lastRow().version()).isEqualTo(3L);
    }

    @Test
    void eventsBeyondTheAllowedLatenessAreSetAsideNotApplied() throws Exception {
        send(created("L1", "2026-01-01T00:00:00Z", "web_form"));
        harness.processWatermark(millis("2026-01-20T00:00:00Z"));

        LeadEvent withinLateness = status("L1", "2026-01-14T00:00:00Z", "MQL", null);
        send(withinLateness);
        LeadEvent tooLate = status("L1", "2026-01-12T23:59:59Z", "SAL", null);
        send(tooLate);

        List<LeadStateRow> rows = harness.extractOutputValues();
        assertThat(rows).hasSize(2);
        assertThat(rows.get(1).lead().status()).isEqualTo("MQL");
        ConcurrentLinkedQueue<StreamRecord<LateEventRow>> late =
                harness.getSideOutput(LeadLifecycleFunction.LATE_EVENTS);
        assertThat(late)
                .singleElement()
                .satisfies(
                        r -> {
                            assertThat(r.getValue().eventId()).isEqualTo(tooLate.eventId());
                            assertThat(r.getValue().latenessMillis())
                                    .isEqualTo(Duration.ofDays(7).plusSeconds(1).toMillis());
                        });

        // A late event is not remembered as applied: re-sent later it is late again, not a
        // duplicate, and still never applied.
        send(tooLate);
        assertThat(harness.getSideOutput(LeadLifecycleFunction.LATE_EVENTS)).hasSize(2);
        assertThat(harness.extractOutputValues()).hasSize(2);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, LeadEvent, LeadStateRow> harness(
            int maxHistory) throws Exception {
        return ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new LeadLifecycleFunction(
                        Duration.ofDays(30),
                        Duration.ofDays(1),
                        TransitionPolicy.defaults(),
                        Duration.ofSeconds(1),
                        maxHistory),
                LeadEvent::leadId,
                Types.STRING);
    }

    private static List<LeadEvent> journey() {
        return List.of(
                created("L1", "2026-01-01T00:00:00Z", "web_form"),
                outbound("L1", "2026-01-01T01:00:00Z", "call", "no_answer"),
                status("L1", "2026-01-02T00:00:00Z", "MQL", null),
                outbound("L1", "2026-01-03T00:00:00Z", "call", "connected"),
                status("L1", "2026-01-05T00:00:00Z", "SQL", null),
                status("L1", "2026-01-06T00:00:00Z", "RECYCLED", "timing"),
                status("L1", "2026-02-01T00:00:00Z", "INQUIRY", null),
                status("L1", "2026-02-10T00:00:00Z", "SQL", null),
                opportunity("L1", "2026-03-01T00:00:00Z", "won", 500.0));
    }

    /** The final lead row: the lead and its whole transition history. */
    private static LeadStateRow outcome(
            KeyedOneInputStreamOperatorTestHarness<String, LeadEvent, LeadStateRow> h) {
        List<LeadStateRow> rows = h.extractOutputValues();
        return rows.get(rows.size() - 1);
    }

    @Test
    void foldingFinalHistoryChangesNoResult() throws Exception {
        var unbounded = harness(1_000);
        var folding = harness(1_000);
        var capped = harness(2);
        for (LeadEvent e : journey()) {
            for (var h : List.of(unbounded, folding, capped)) {
                h.processElement(new StreamRecord<>(e, e.occurredAtMillis()));
            }
            // Event time moves on: everything older than a day is final and gets folded.
            folding.processWatermark(e.occurredAtMillis() - 1);
        }
        assertThat(outcome(folding)).isEqualTo(outcome(unbounded));
        assertThat(outcome(capped)).isEqualTo(outcome(unbounded));
        for (var h : List.of(unbounded, folding, capped)) {
            h.close();
        }
    }

    @Test
    void anEventBeforeTheFoldPointIsLateAndDuplicatesStayDuplicates() throws Exception {
        var capped = harness(2);
        List<LeadEvent> events = journey();
        for (LeadEvent e : events) {
            capped.processElement(new StreamRecord<>(e, e.occurredAtMillis()));
        }
        int rows = capped.extractOutputValues().size();

        // No watermark at all, but the cap folded everything except the last two events.
        LeadEvent early = status("L1", "2026-01-04T00:00:00Z", "SAL", null);
        capped.processElement(new StreamRecord<>(early, early.occurredAtMillis()));
        capped.processElement(new StreamRecord<>(events.get(3), events.get(3).occurredAtMillis()));

        assertThat(capped.extractOutputValues()).hasSize(rows);
        assertThat(capped.getSideOutput(LeadLifecycleFunction.LATE_EVENTS))
                .extracting(r -> r.getValue().eventId())
                .containsExactly(early.eventId());
        assertThat(capped.extractOutputValues().get(rows - 1).lead().eventsApplied())
                .isEqualTo(events.size());
        capped.close();
    }

    /**
     * What ClickHouse keeps after a restart: the rows written before the failure (from events in
     * one arrival order) and after it (all events again, in another order) are merged by key, the
     * highest version winning. That row must be the derivation from all events, for any orders.
     */
    @Test
    void aRestartInAnotherArrivalOrderLeavesTheFullDerivationOnTop() throws Exception {
        List<LeadEvent> events = journey();
        java.util.Random random = new java.util.Random(42);
        var reference = harness(1_000);
        for (LeadEvent e : events) {
            reference.processElement(new StreamRecord<>(e, e.occurredAtMillis()));
        }
        LeadStateRow expected = outcome(reference);
        reference.close();
        for (int round = 0; round < 200; round++) {
            List<LeadEvent> before = new java.util.ArrayList<>(events);
            java.util.Collections.shuffle(before, random);
            List<LeadEvent> after = new java.util.ArrayList<>(events);
            java.util.Collections.shuffle(after, random);
            int failedAt = random.nextInt(events.size() + 1);
            List<LeadStateRow> written = new java.util.ArrayList<>();
            var first = harness(1_000);
            for (LeadEvent e : before.subList(0, failedAt)) {
                first.processElement(new StreamRecord<>(e, e.occurredAtMillis()));
            }
            written.addAll(first.extractOutputValues());
            first.close();
            var restarted = harness(1_000);
            for (LeadEvent e : after) {
                restarted.processElement(new StreamRecord<>(e, e.occurredAtMillis()));
            }
            written.addAll(restarted.extractOutputValues());
            restarted.close();
            long top = written.stream().mapToLong(LeadStateRow::version).max().orElseThrow();
            assertThat(written)
                    .as("round %d: rows with the highest version", round)
                    .filteredOn(r -> r.version() == top)
                    .allSatisfy(r -> assertThat(r).isEqualTo(expected));
        }
    }
}
