package io.leadflow.jobs.sla;

import io.leadflow.jobs.aggregate.AggregateDelta;
import io.leadflow.jobs.lifecycle.EventOrder;
import io.leadflow.jobs.lifecycle.LeadLifecycle;
import io.leadflow.jobs.rows.LeadStateRow;
import io.leadflow.jobs.rows.SlaClockRow;
import io.leadflow.jobs.rows.SlaPendingRow;
import io.leadflow.schema.event.LeadEvent;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.leadflow.jobs.testing.Events.assigned;
import static io.leadflow.jobs.testing.Events.created;
import static io.leadflow.jobs.testing.Events.inbound;
import static io.leadflow.jobs.testing.Events.millis;
import static io.leadflow.jobs.testing.Events.outbound;
import static io.leadflow.jobs.testing.Events.status;
import static org.assertj.core.api.Assertions.assertThat;

class SlaTimerFunctionTest {

    private static final String MQL_15M =
            """
            {"policies": [{"name": "mql-15m", "start": "became_mql",
              "stop": "first_attempt", "deadline": "15m", "warnAt": 0.8}]}
            """;

    private static final String ESCALATING =
            """
            {"policies": [{"name": "mql-15m", "start": "became_mql",
              "stop": "first_attempt", "deadline": "15m",
              "escalateAfter": "1h", "escalateTo": "sales-managers"}]}
            """;

    private static final ReportSchedule NO_REPORT = ReportSchedule.parse("off");

    private final List<LeadEvent> events = new ArrayList<>();

    private static KeyedBroadcastOperatorTestHarness<String, LeadStateRow, String, SlaAlert>
            harness(String rules, ReportSchedule report) throws Exception {
        return ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                new SlaTimerFunction(AlertRules.parse(rules, "test"), report, Duration.ofDays(7)),
                row -> row.lead().leadId(),
                Types.STRING,
                RulesInForce.STATE);
    }

    private static KeyedBroadcastOperatorTestHarness<String, LeadStateRow, String, SlaAlert>
            harness() throws Exception {
        return harness(MQL_15M, NO_REPORT);
    }

    /** Applies an event to the lead and sends the lead's new row, as the lifecycle would. */
    private void send(
            KeyedBroadcastOperatorTestHarness<String, LeadStateRow, String, SlaAlert> h,
            LeadEvent e)
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

    /** Lead L1, created at 09:00 on 1 January 2026, becomes MQL at 10:00, seen at once. */
    private void becomesMqlAtTen(
            KeyedBroadcastOperatorTestHarness<String, LeadStateRow, String, SlaAlert> h)
            throws Exception {
        h.setProcessingTime(millis("2026-01-01T10:00:01Z"));
        send(h, created("L1", "2026-01-01T09:00:00Z", "web_form"));
        send(h, status("L1", "2026-01-01T10:00:00Z", "MQL", null));
    }

    /**
     * The same lead replayed: the job sees January's events on 1 June, when every deadline is long
     * past on the wall clock.
     */
    private void becomesMqlAtTenSeenInJune(
            KeyedBroadcastOperatorTestHarness<String, LeadStateRow, String, SlaAlert> h)
            throws Exception {
        h.setProcessingTime(millis("2026-06-01T00:00:00Z"));
        send(h, created("L1", "2026-01-01T09:00:00Z", "web_form"));
        send(h, status("L1", "2026-01-01T10:00:00Z", "MQL", null));
    }

    private static List<String> alerts(
            KeyedBroadcastOperatorTestHarness<String, LeadStateRow, String, SlaAlert> h) {
        return h.extractOutputValues().stream()
                .map(a -> a.kind() + (a.live() ? "" : " (history)"))
                .toList();
    }

    private static SlaAlert last(
            KeyedBroadcastOperatorTestHarness<String, LeadStateRow, String, SlaAlert> h) {
        List<SlaAlert> out = h.extractOutputValues();
        return out.get(out.size() - 1);
    }

    @Test
    void aLiveDeadlineWarnsThenBreachesWithoutAnyFurtherEventAndResolvesOnContact()
            throws Exception {
        var h = harness();
        becomesMqlAtTen(h);
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
        assertThat(last(h).stoppedAtMillis()).isEqualTo(millis("2026-01-01T10:20:00Z"));
        h.close();
    }

    @Test
    void aLeadDisqualifiedBeforeItsDeadlineLeftScopeAndNeverBreaches() throws Exception {
        var h = harness();
        becomesMqlAtTen(h);
        h.setProcessingTime(millis("2026-01-01T10:05:01Z"));
        send(h, status("L1", "2026-01-01T10:05:00Z", "DISQUALIFIED", "student"));
        h.setProcessingTime(millis("2026-01-02T00:00:00Z"));
        assertThat(alerts(h)).isEmpty();
        List<SlaClockRow> clocks = clocks(h);
        assertThat(clocks).isNotEmpty();
        SlaClockRow clock = clocks.get(clocks.size() - 1);
        assertThat(clock.startedAt()).isEqualTo(millis("2026-01-01T10:00:00Z"));
        assertThat(clock.leftScopeAt()).isEqualTo(millis("2026-01-01T10:05:00Z"));
        assertThat(clock.stoppedAt()).isEqualTo(-1);
        assertThat(clock.covered()).isEqualTo(1);
        h.close();
    }

    @Test
    void aBreachedLeadThatIsThenDisqualifiedIsResolvedNotOpenForever() throws Exception {
        var h = harness();
        becomesMqlAtTen(h);
        h.setProcessingTime(millis("2026-01-01T10:15:00Z"));
        assertThat(alerts(h)).containsExactly("BREACH");
        h.setProcessingTime(millis("2026-01-01T11:00:01Z"));
        send(h, status("L1", "2026-01-01T11:00:00Z", "DISQUALIFIED", "no budget"));
        assertThat(alerts(h)).containsExactly("BREACH", "RESOLVED");
        assertThat(last(h).stoppedAtMillis()).isEqualTo(millis("2026-01-01T11:00:00Z"));
        SlaClockRow clock = clocks(h).get(clocks(h).size() - 1);
        assertThat(clock.leftScopeAt()).isEqualTo(millis("2026-01-01T11:00:00Z"));
        h.close();
    }

    @Test
    void everyClockThatStartsLeavesARowWrittenOnlyWhenItsFactsChange() throws Exception {
        var h = harness();
        becomesMqlAtTen(h);
        h.setProcessingTime(millis("2026-01-01T10:01:01Z"));
        send(h, inbound("L1", "2026-01-01T10:01:00Z", "page_view"));
        assertThat(clocks(h)).as("the page view changed nothing of the clock").hasSize(1);
        h.setProcessingTime(millis("2026-01-01T10:03:01Z"));
        send(h, outbound("L1", "2026-01-01T10:03:00Z", "call", "no_answer"));
        assertThat(clocks(h)).hasSize(2);
        SlaClockRow met = clocks(h).get(1);
        assertThat(met.stoppedAt()).isEqualTo(millis("2026-01-01T10:03:00Z"));
        assertThat(met.dueAt()).isEqualTo(millis("2026-01-01T10:15:00Z"));
        assertThat(met.version()).isEqualTo(4);
        h.close();
    }

    private static List<SlaClockRow> clocks(
            KeyedBroadcastOperatorTestHarness<String, LeadStateRow, String, SlaAlert> h) {
        var out = h.getSideOutput(SlaTimerFunction.SLA_CLOCKS);
        return out == null ? List.of() : out.stream().map(StreamRecord::getValue).toList();
    }

    /** A fresh operator with the MQL_15M rules, restored from {@code snapshot} and open. */
    private static KeyedBroadcastOperatorTestHarness<String, LeadStateRow, String, SlaAlert>
            restoredFrom(OperatorSubtaskState snapshot) throws Exception {
        var restored =
                new KeyedBroadcastOperatorTestHarness<String, LeadStateRow, String, SlaAlert>(
                        new CoBroadcastWithKeyedOperator<>(
                                new SlaTimerFunction(
                                        AlertRules.parse(MQL_15M, "test"),
                                        NO_REPORT,
                                        Duration.ofDays(7)),
                                List.of(RulesInForce.STATE)),
                        row -> row.lead().leadId(),
                        Types.STRING,
                        1,
                        1,
                        0);
        restored.setup();
        restored.initializeState(snapshot);
        restored.open();
        return restored;
    }

    private static List<AggregateDelta> slaDeltas(
            KeyedBroadcastOperatorTestHarness<String, LeadStateRow, String, SlaAlert> h) {
        var out = h.getSideOutput(SlaTimerFunction.SLA_DELTAS);
        return out == null ? List.of() : out.stream().map(StreamRecord::getValue).toList();
    }

    private static List<SlaPendingRow> pending(
            KeyedBroadcastOperatorTestHarness<String, LeadStateRow, String, SlaAlert> h) {
        var out = h.getSideOutput(SlaTimerFunction.SLA_PENDING);
        return out == null ? List.of() : out.stream().map(StreamRecord::getValue).toList();
    }

    /** The sums of the SLA deltas so far, by counter name, zeros left out. */
    private static Map<String, Long> slaDaily(
            KeyedBroadcastOperatorTestHarness<String, LeadStateRow, String, SlaAlert> h) {
        Map<String, Long> sums = new TreeMap<>();
        for (AggregateDelta d : slaDeltas(h)) {
            List<String> counters = d.key().aggregate().counters();
            for (int i = 0; i < counters.size(); i++) {
                sums.merge(
                        String.join("|", d.key().dimensions()) + "|" + counters.get(i),
                        d.change().counters()[i],
                        Long::sum);
            }
        }
        sums.values().removeIf(v -> v == 0);
        return sums;
    }

    @Test
    void aClockWaitsInPendingUntilTheWatermarkPassesItsDeadlineThenCountsAsBreached()
            throws Exception {
        var h = harness();
        becomesMqlAtTenSeenInJune(h);
        assertThat(slaDaily(h))
                .containsExactly(
                        Map.entry("2026-01-01|mql-15m||clocks", 1L),
                        Map.entry("2026-01-01|mql-15m||pending", 1L));
        assertThat(pending(h)).hasSize(1);
        assertThat(pending(h).get(0).pending()).isEqualTo(1);
        assertThat(pending(h).get(0).dueAt()).isEqualTo(millis("2026-01-01T10:15:00Z"));

        h.watermark(millis("2026-01-01T10:15:00.999Z"));
        assertThat(slaDaily(h))
                .as("still in the deadline's second")
                .containsKey("2026-01-01|mql-15m||pending");
        h.watermark(millis("2026-01-01T10:15:01Z"));
        assertThat(slaDaily(h))
                .containsExactly(
                        Map.entry("2026-01-01|mql-15m||breached_unresolved", 1L),
                        Map.entry("2026-01-01|mql-15m||clocks", 1L));
        assertThat(pending(h)).hasSize(2);
        SlaPendingRow done = pending(h).get(1);
        assertThat(done.pending()).isZero();
        assertThat(done.version()).isGreaterThan(pending(h).get(0).version());

        // Contacted late, in history: the breach ends; the table follows.
        send(h, outbound("L1", "2026-01-01T11:00:00Z", "call", "connected"));
        assertThat(slaDaily(h))
                .containsExactly(
                        Map.entry("2026-01-01|mql-15m||breached_contacted_late", 1L),
                        Map.entry("2026-01-01|mql-15m||clocks", 1L));
        assertThat(pending(h)).as("it no longer waited").hasSize(2);
        h.close();
    }

    @Test
    void theEndOfABoundedInputLeavesAClockPendingAndPagesNobody() throws Exception {
        var h = harness();
        becomesMqlAtTen(h);
        h.watermark(Long.MAX_VALUE);
        assertThat(slaDaily(h)).containsEntry("2026-01-01|mql-15m||pending", 1L);
        assertThat(pending(h)).hasSize(1);
        assertThat(alerts(h)).as("a live deadline is its wall-clock timer's").isEmpty();
        h.close();
    }

    @Test
    void aClockMetBeforeItsDeadlineLeavesPendingAtOnce() throws Exception {
        var h = harness();
        becomesMqlAtTen(h);
        h.setProcessingTime(millis("2026-01-01T10:03:01Z"));
        send(h, outbound("L1", "2026-01-01T10:03:00Z", "call", "no_answer"));
        assertThat(slaDaily(h))
                .containsExactly(
                        Map.entry("2026-01-01|mql-15m||clocks", 1L),
                        Map.entry("2026-01-01|mql-15m||met", 1L));
        assertThat(pending(h)).extracting(SlaPendingRow::pending).containsExactly(1, 0);
        h.close();
    }

    @Test
    void aStandingSurvivesARestoreAndIsDecidedByTheRestoredTimer() throws Exception {
        var h = harness();
        becomesMqlAtTenSeenInJune(h);
        OperatorSubtaskState snapshot = h.snapshot(1, 1);
        h.close();

        var restored = restoredFrom(snapshot);
        restored.watermark(millis("2026-01-01T10:16:00Z"));
        assertThat(slaDaily(restored))
                .as("the pending clock retracted, the breach added, once")
                .containsExactly(
                        Map.entry("2026-01-01|mql-15m||breached_unresolved", 1L),
                        Map.entry("2026-01-01|mql-15m||pending", -1L));
        restored.close();
    }

    @Test
    void contactBeforeTheDeadlineCancelsIt() throws Exception {
        var h = harness();
        becomesMqlAtTen(h);
        h.setProcessingTime(millis("2026-01-01T10:05:01Z"));
        send(h, outbound("L1", "2026-01-01T10:05:00Z", "call", "no_answer"));
        h.setProcessingTime(millis("2026-01-02T00:00:00Z"));
        assertThat(alerts(h)).isEmpty();
        h.close();
    }

    @Test
    void replayedHistoryDecidesOnTheWatermarkAndPagesNobody() throws Exception {
        var h = harness();
        becomesMqlAtTenSeenInJune(h);
        assertThat(alerts(h)).as("the contact may still be on its way").isEmpty();
        send(h, outbound("L1", "2026-01-01T10:20:00Z", "call", "connected"));
        h.watermark(millis("2026-01-01T11:00:00Z"));
        assertThat(alerts(h))
                .as("the lead waited 20 minutes: a breach found in history, already resolved")
                .containsExactly("BREACH (history)", "RESOLVED (history)");
        h.close();
    }

    @Test
    void aDeadlineTheJobFindsLateButRecentlyPassedStillPages() throws Exception {
        var h = harness();
        // The job fell 20 minutes behind: the 10:15 deadline is past when it sees the lead.
        h.setProcessingTime(millis("2026-01-01T10:35:00Z"));
        send(h, created("L1", "2026-01-01T09:00:00Z", "web_form"));
        send(h, status("L1", "2026-01-01T10:00:00Z", "MQL", null));
        assertThat(alerts(h)).as("decided on the watermark, not the wall clock").isEmpty();
        h.watermark(millis("2026-01-01T10:16:00Z"));
        assertThat(alerts(h)).as("the lead is still waiting: news").containsExactly("BREACH");
        h.setProcessingTime(millis("2026-01-01T10:40:00Z"));
        send(h, outbound("L1", "2026-01-01T10:39:00Z", "call", "connected"));
        assertThat(alerts(h)).containsExactly("BREACH", "RESOLVED");
        h.close();
    }

    @Test
    void aHistoricalBreachResolvedByALaterHistoricalContactStaysHistory() throws Exception {
        var h = harness();
        becomesMqlAtTenSeenInJune(h);
        // The watermark passes the deadline before the replay reaches the contact.
        h.watermark(millis("2026-01-01T11:00:00Z"));
        send(h, outbound("L1", "2026-01-03T08:00:00Z", "call", "connected"));
        assertThat(alerts(h))
                .as("a resolution is news only when its breach was")
                .containsExactly("BREACH (history)", "RESOLVED (history)");
        h.close();
    }

    @Test
    void anotherWallClockTimerOfTheLeadDoesNotDecideADeadlineWaitingForTheWatermark()
            throws Exception {
        var h = harness(MQL_15M, ReportSchedule.parse("daily 08:00 UTC"));
        becomesMqlAtTenSeenInJune(h);
        // The untouched report's timer fires for the lead before the replay's watermark moved.
        h.setProcessingTime(millis("2026-06-01T08:00:00Z"));
        assertThat(h.getSideOutput(SlaTimerFunction.UNTOUCHED)).hasSize(1);
        assertThat(alerts(h)).as("the contact may still be on its way").isEmpty();
        h.watermark(millis("2026-01-01T10:30:00Z"));
        assertThat(alerts(h)).containsExactly("BREACH (history)");
        h.close();
    }

    @Test
    void aDeadlineTheWallClockPassedLongAgoPagesNobody() throws Exception {
        var h = harness();
        becomesMqlAtTen(h);
        // The job stood still for two hours (a long outage, restored from a checkpoint): the
        // timers fire late, the warning is pointless and the breach is no longer news.
        h.setProcessingTime(millis("2026-01-01T12:00:00Z"));
        assertThat(alerts(h)).containsExactly("BREACH (history)");
        h.close();
    }

    @Test
    void aRestartDoesNotRaiseTheSameBreachTwice() throws Exception {
        var h = harness();
        becomesMqlAtTen(h);
        h.setProcessingTime(millis("2026-01-01T10:12:00Z"));
        h.setProcessingTime(millis("2026-01-01T10:16:00Z"));
        assertThat(alerts(h)).containsExactly("WARNING", "BREACH");
        OperatorSubtaskState snapshot = h.snapshot(1L, millis("2026-01-01T10:16:00Z"));
        h.close();

        var restored = restoredFrom(snapshot);
        restored.setProcessingTime(millis("2026-01-01T10:17:00Z"));
        send(restored, outbound("L1", "2026-01-01T10:16:30Z", "email_sent", "sent"));
        restored.setProcessingTime(millis("2026-01-02T00:00:00Z"));
        assertThat(alerts(restored)).containsExactly("RESOLVED");
        restored.close();
    }

    @Test
    void anUnresolvedBreachIsEscalatedToTheNamedTeamOnce() throws Exception {
        var h = harness(ESCALATING, NO_REPORT);
        h.setProcessingTime(millis("2026-01-01T10:00:01Z"));
        send(h, created("L1", "2026-01-01T09:00:00Z", "web_form"));
        send(h, assigned("L1", "2026-01-01T09:30:00Z", "rep-7"));
        send(h, status("L1", "2026-01-01T10:00:00Z", "MQL", null));
        h.setProcessingTime(millis("2026-01-01T11:14:59Z"));
        assertThat(alerts(h)).containsExactly("BREACH");
        h.setProcessingTime(millis("2026-01-01T11:15:00Z"));
        assertThat(alerts(h)).containsExactly("BREACH", "ESCALATION");
        SlaAlert escalation = last(h);
        assertThat(escalation.recipient()).isEqualTo("sales-managers");
        assertThat(escalation.owner()).isEqualTo("rep-7");
        assertThat(escalation.dueAtMillis()).isEqualTo(millis("2026-01-01T11:15:00Z"));
        assertThat(escalation.detail()).contains("1h after the deadline").contains("rep-7");
        h.setProcessingTime(millis("2026-01-03T00:00:00Z"));
        assertThat(alerts(h)).containsExactly("BREACH", "ESCALATION");
        h.close();
    }

    @Test
    void aBreachHandledBeforeTheEscalationPointIsNotEscalated() throws Exception {
        var h = harness(ESCALATING, NO_REPORT);
        becomesMqlAtTen(h);
        h.setProcessingTime(millis("2026-01-01T10:40:01Z"));
        send(h, outbound("L1", "2026-01-01T10:40:00Z", "call", "no_answer"));
        h.setProcessingTime(millis("2026-01-02T00:00:00Z"));
        assertThat(alerts(h)).containsExactly("BREACH", "RESOLVED");
        h.close();
    }

    @Test
    void tooFewFollowUpAttemptsWithinTheCadenceRaiseACadenceAlert() throws Exception {
        String rules =
                """
                {"policies": [{"name": "follow-up", "start": "became_mql",
                  "stop": "first_attempt", "deadline": "2d",
                  "cadence": {"attempts": 5, "within": "10d"}}]}
                """;
        var h = harness(rules, NO_REPORT);
        becomesMqlAtTen(h);
        h.setProcessingTime(millis("2026-01-01T12:00:01Z"));
        send(h, outbound("L1", "2026-01-01T12:00:00Z", "call", "no_answer"));
        h.setProcessingTime(millis("2026-01-03T12:00:01Z"));
        send(h, outbound("L1", "2026-01-03T12:00:00Z", "email_sent", "sent"));
        h.setProcessingTime(millis("2026-01-11T10:00:00Z"));
        assertThat(alerts(h)).containsExactly("CADENCE");
        assertThat(last(h).detail()).isEqualTo("2 of 5 contact attempts within 10d, no connect");
        assertThat(last(h).dueAtMillis()).isEqualTo(millis("2026-01-11T10:00:00Z"));
        h.close();

        // The same lead worked five times, or reached once, is fine.
        for (boolean reached : new boolean[] {false, true}) {
            events.clear();
            var ok = harness(rules, NO_REPORT);
            ok.setProcessingTime(millis("2026-01-01T10:00:01Z"));
            send(ok, created("L1", "2026-01-01T09:00:00Z", "web_form"));
            send(ok, status("L1", "2026-01-01T10:00:00Z", "MQL", null));
            int attempts = reached ? 1 : 5;
            for (int i = 1; i <= attempts; i++) {
                String at = "2026-01-0" + (i + 1) + "T10:00:00Z";
                ok.setProcessingTime(millis(at) + 1);
                send(ok, outbound("L1", at, "call", reached ? "connected" : "no_answer"));
            }
            ok.setProcessingTime(millis("2026-01-12T00:00:00Z"));
            assertThat(alerts(ok)).as("reached=" + reached).isEmpty();
            ok.close();
        }
    }

    @Test
    void rulesFromTheConfigTopicReplaceTheRulesInForce() throws Exception {
        var h = harness();
        h.setProcessingTime(millis("2026-01-01T10:00:01Z"));
        h.processBroadcastElement(
                """
                {"policies": [{"name": "mql-5m", "start": "became_mql",
                  "stop": "first_attempt", "deadline": "5m"}]}
                """,
                0L);
        send(h, created("L1", "2026-01-01T09:00:00Z", "web_form"));
        send(h, status("L1", "2026-01-01T10:00:00Z", "MQL", null));
        h.setProcessingTime(millis("2026-01-01T10:05:00Z"));
        assertThat(h.extractOutputValues())
                .extracting(SlaAlert::policy, SlaAlert::kind)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("mql-5m", SlaAlert.Kind.BREACH));

        // Removing every policy: the pending timers of the old ones raise nothing more.
        events.clear();
        var removed = harness();
        becomesMqlAtTen(removed);
        removed.processBroadcastElement("{\"policies\": []}", 0L);
        removed.setProcessingTime(millis("2026-01-02T00:00:00Z"));
        assertThat(alerts(removed)).isEmpty();
        removed.close();
        h.close();
    }

    @Test
    void theReportListsOpenLeadsUntouchedBySalesForTheGivenDaysAndPlansTheNextReport()
            throws Exception {
        var h = harness(MQL_15M, ReportSchedule.parse("daily 08:00 UTC"));
        h.setProcessingTime(millis("2026-01-01T09:00:01Z"));
        send(h, created("L1", "2026-01-01T09:00:00Z", "web_form"));
        send(h, inbound("L1", "2026-01-02T09:00:00Z", "page_view"));
        h.setProcessingTime(millis("2026-01-08T08:00:00Z"));
        assertThat(h.getSideOutput(SlaTimerFunction.UNTOUCHED))
                .as("7 days less an hour since creation")
                .isNull();
        h.setProcessingTime(millis("2026-01-09T08:00:00Z"));
        assertThat(h.getSideOutput(SlaTimerFunction.UNTOUCHED))
                .as("the lead's own page view is no sales touch")
                .extracting(StreamRecord::getValue)
                .containsExactly(
                        new UntouchedLead(
                                "L1",
                                "",
                                "",
                                millis("2026-01-01T09:00:00Z"),
                                millis("2026-01-09T08:00:00Z")));
        // A sales touch resets the clock.
        h.setProcessingTime(millis("2026-01-09T09:00:01Z"));
        send(h, outbound("L1", "2026-01-09T09:00:00Z", "call", "no_answer"));
        h.setProcessingTime(millis("2026-01-10T08:00:00Z"));
        assertThat(h.getSideOutput(SlaTimerFunction.UNTOUCHED)).hasSize(1);
        // Leads sales owes nothing drop out of the report.
        h.setProcessingTime(millis("2026-01-10T09:00:01Z"));
        send(h, status("L1", "2026-01-10T09:00:00Z", "NURTURE", "later"));
        h.setProcessingTime(millis("2026-01-20T08:00:00Z"));
        assertThat(h.getSideOutput(SlaTimerFunction.UNTOUCHED)).hasSize(1);
        h.close();
    }

    @Test
    void aBusinessHoursDeadlineWaitsOutTheWeekendAcrossTheSwitchToSummerTime() throws Exception {
        var h =
                harness(
                        """
                        {"policies": [{"name": "mql-1h-office", "start": "became_mql",
                          "stop": "first_attempt", "deadline": "1h", "warnAt": 0.5,
                          "businessHours": {"zone": "Europe/Berlin",
                            "days": {"MON": "09:00-17:00", "TUE": "09:00-17:00",
                                     "WED": "09:00-17:00", "THU": "09:00-17:00",
                                     "FRI": "09:00-17:00"}}}]}
                        """,
                        NO_REPORT);
        // Friday 27 March 2026, 16:30 in Berlin (15:30 UTC, winter time): 30 minutes are left
        // on Friday; Berlin switches to summer time on Sunday; the other 30 minutes run from
        // Monday 09:00 Berlin, which is 07:00 UTC by then.
        h.setProcessingTime(millis("2026-03-27T15:30:01Z"));
        send(h, created("L1", "2026-03-27T15:00:00Z", "web_form"));
        send(h, status("L1", "2026-03-27T15:30:00Z", "MQL", null));
        h.setProcessingTime(millis("2026-03-27T16:00:00Z"));
        assertThat(alerts(h))
                .as("half the business hour at Friday 17:00")
                .containsExactly("WARNING");
        h.setProcessingTime(millis("2026-03-29T12:00:00Z"));
        assertThat(alerts(h)).as("nothing over the weekend").containsExactly("WARNING");
        h.setProcessingTime(millis("2026-03-30T07:29:59Z"));
        assertThat(alerts(h)).containsExactly("WARNING");
        h.setProcessingTime(millis("2026-03-30T07:30:00Z"));
        assertThat(alerts(h)).containsExactly("WARNING", "BREACH");
        assertThat(last(h).dueAtMillis()).isEqualTo(millis("2026-03-30T07:30:00Z"));
        h.close();
    }

    @Test
    void aWarningWhoseMomentPassedLongAgoPagesNobody() throws Exception {
        var h =
                harness(
                        """
                        {"policies": [{"name": "accept-24h", "start": "became_mql",
                          "stop": "first_attempt", "deadline": "24h", "warnAt": 0.8}]}
                        """,
                        NO_REPORT);
        becomesMqlAtTen(h);
        // The warning was due at 05:12 the next morning; the job was down and its timers fire
        // when it is back at 09:00, before the deadline (10:00).
        h.setProcessingTime(millis("2026-01-02T09:00:00Z"));
        assertThat(alerts(h)).containsExactly("WARNING (history)");
        assertThat(last(h).pageableAt(millis("2026-01-02T09:00:00Z"))).isFalse();
        h.close();
    }

    @Test
    void aWarningIsNewsUntilItsFreshForAndNeverAfterTheDeadline() throws Exception {
        var h = harness();
        becomesMqlAtTen(h);
        h.setProcessingTime(millis("2026-01-01T10:12:00Z"));
        SlaAlert warning = last(h);
        assertThat(warning.kind()).isEqualTo(SlaAlert.Kind.WARNING);
        assertThat(warning.pageableAt(millis("2026-01-01T10:14:59Z"))).isTrue();
        assertThat(warning.pageableAt(millis("2026-01-01T10:15:00Z")))
                .as("at the deadline the breach speaks")
                .isFalse();
        h.close();
    }

    @Test
    void aResolutionTheJobLearnsOfLongAfterTheContactPagesNobody() throws Exception {
        var h = harness();
        becomesMqlAtTen(h);
        h.setProcessingTime(millis("2026-01-01T10:15:00Z"));
        assertThat(last(h).kind()).isEqualTo(SlaAlert.Kind.BREACH);
        assertThat(last(h).live()).isTrue();
        // The rep called at 10:20, but the CRM sync delivered the call four hours later.
        h.setProcessingTime(millis("2026-01-01T14:20:00Z"));
        send(h, outbound("L1", "2026-01-01T10:20:00Z", "call", "connected"));
        assertThat(alerts(h)).containsExactly("BREACH", "RESOLVED (history)");
        h.close();
    }
}
