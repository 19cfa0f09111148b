package io.leadflow.jobs.sla;

import io.leadflow.jobs.lifecycle.EventOrder;
import io.leadflow.jobs.lifecycle.LeadLifecycle;
import io.leadflow.jobs.rows.LeadStateRow;
import io.leadflow.schema.event.LeadEvent;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.leadflow.jobs.testing.Events.created;
import static io.leadflow.jobs.testing.Events.millis;
import static io.leadflow.jobs.testing.Events.outbound;
import static io.leadflow.jobs.testing.Events.status;
import static org.assertj.core.api.Assertions.assertThat;

class SlaTimerFunctionTest {

    private static final List<SlaPolicy> POLICIES =
            SlaPolicies.parse(
                    """
                    {"policies": [{"name": "mql-15m", "start": "became_mql",
                      "stop": "first_attempt", "deadline": "15m", "warnAt": 0.8}]}
                    """,
                    "test");

    private final List<LeadEvent> events = new ArrayList<>();

    private static KeyedOneInputStreamOperatorTestHarness<String, LeadStateRow, SlaAlert> harness()
            throws Exception {
        return ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new SlaTimerFunction(POLICIES), row -> row.lead().leadId(), Types.STRING);
    }

    /** Applies an event to the lead and sends the lead's new row, as the lifecycle would. */
    private void send(
            KeyedOneInputStreamOperatorTestHarness<String, LeadStateRow, SlaAlert> h, LeadEvent e)
            throws Exception {
        events.add(e);
        List<LeadEvent> sorted = new ArrayList<>(events);
        sorted.sort(EventOrder.COMPARATOR);
        var d = LeadLifecycle.derive("L1", sorted);
        h.processElement(
                new StreamRecord<>(
                        new LeadStateRow(d.lead(), d.transitions(), d.rejections(), events.size()),
                        e.occurredAtMillis()));
    }

    private static List<String> alerts(
            KeyedOneInputStreamOperatorTestHarness<String, LeadStateRow, SlaAlert> h) {
        return h.extractOutputValues().stream()
                .map(a -> a.kind() + (a.live() ? "" : " (history)"))
                .toList();
    }

    @Test
    void aLiveDeadlineWarnsThenBreachesWithoutAnyFurtherEventAndResolvesOnContact()
            throws Exception {
        var h = harness();
        h.setProcessingTime(millis("2026-01-01T10:00:01Z"));
        send(h, created("L1", "2026-01-01T09:00:00Z", "web_form"));
        send(h, status("L1", "2026-01-01T10:00:00Z", "MQL", null));
        assertThat(alerts(h)).isEmpty();

        h.setProcessingTime(millis("2026-01-01T10:12:00Z"));
        assertThat(alerts(h)).containsExactly("WARNING");
        h.setProcessingTime(millis("2026-01-01T10:15:00Z"));
        assertThat(alerts(h)).containsExactly("WARNING", "BREACH");
        SlaAlert breach = h.extractOutputValues().get(1);
        assertThat(breach.alertId())
                .isEqualTo("L1/mql-15m/" + millis("2026-01-01T10:00:00Z") + "/BREACH");
        assertThat(breach.dueAtMillis()).isEqualTo(millis("2026-01-01T10:15:00Z"));

        h.setProcessingTime(millis("2026-01-01T10:20:05Z"));
        send(h, outbound("L1", "2026-01-01T10:20:00Z", "call", "connected"));
        assertThat(alerts(h)).containsExactly("WARNING", "BREACH", "RESOLVED");
        assertThat(h.extractOutputValues().get(2).stoppedAtMillis())
                .isEqualTo(millis("2026-01-01T10:20:00Z"));
        h.close();
    }

    @Test
    void contactBeforeTheDeadlineCancelsIt() throws Exception {
        var h = harness();
        h.setProcessingTime(millis("2026-01-01T10:00:01Z"));
        send(h, created("L1", "2026-01-01T09:00:00Z", "web_form"));
        send(h, status("L1", "2026-01-01T10:00:00Z", "MQL", null));
        h.setProcessingTime(millis("2026-01-01T10:05:01Z"));
        send(h, outbound("L1", "2026-01-01T10:05:00Z", "call", "no_answer"));
        h.setProcessingTime(millis("2026-01-02T00:00:00Z"));
        assertThat(alerts(h)).isEmpty();
        h.close();
    }

    @Test
    void replayedHistoryDecidesOnTheWatermarkAndPagesNobody() throws Exception {
        var h = harness();
        // The job replays January in June: every deadline is long past on the wall clock.
        h.setProcessingTime(millis("2026-06-01T00:00:00Z"));
        send(h, created("L1", "2026-01-01T09:00:00Z", "web_form"));
        send(h, status("L1", "2026-01-01T10:00:00Z", "MQL", null));
        assertThat(alerts(h)).as("the contact may still be on its way").isEmpty();
        send(h, outbound("L1", "2026-01-01T10:20:00Z", "call", "connected"));
        h.processWatermark(millis("2026-01-01T11:00:00Z"));
        assertThat(alerts(h))
                .as("the lead waited 20 minutes: a breach found in history, already resolved")
                .containsExactly("BREACH (history)", "RESOLVED (history)");
        h.close();
    }

    @Test
    void aRestartDoesNotRaiseTheSameBreachTwice() throws Exception {
        var h = harness();
        h.setProcessingTime(millis("2026-01-01T10:00:01Z"));
        send(h, created("L1", "2026-01-01T09:00:00Z", "web_form"));
        send(h, status("L1", "2026-01-01T10:00:00Z", "MQL", null));
        h.setProcessingTime(millis("2026-01-01T10:16:00Z"));
        assertThat(alerts(h)).containsExactly("WARNING", "BREACH");
        OperatorSubtaskState snapshot = h.snapshot(1L, millis("2026-01-01T10:16:00Z"));
        h.close();

        var restored =
                new KeyedOneInputStreamOperatorTestHarness<String, LeadStateRow, SlaAlert>(
                        new KeyedProcessOperator<>(new SlaTimerFunction(POLICIES)),
                        row -> row.lead().leadId(),
                        Types.STRING);
        restored.setup();
        restored.initializeState(snapshot);
        restored.open();
        restored.setProcessingTime(millis("2026-01-01T10:17:00Z"));
        send(restored, outbound("L1", "2026-01-01T10:16:30Z", "email_sent", "sent"));
        restored.setProcessingTime(millis("2026-01-02T00:00:00Z"));
        assertThat(alerts(restored)).containsExactly("RESOLVED");
        restored.close();
    }
}
