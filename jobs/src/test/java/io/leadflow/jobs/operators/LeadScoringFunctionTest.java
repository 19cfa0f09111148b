package io.leadflow.jobs.operators;

import io.leadflow.jobs.lifecycle.LeadLifecycle;
import io.leadflow.jobs.lifecycle.LeadProgress;
import io.leadflow.jobs.lifecycle.TransitionPolicy;
import io.leadflow.jobs.rows.LeadScoreRow;
import io.leadflow.jobs.rows.LeadStateRow;
import io.leadflow.jobs.rows.LeadStateScore;
import io.leadflow.jobs.scoring.LeadFacts;
import io.leadflow.jobs.scoring.ScoredActivity;
import io.leadflow.jobs.scoring.ScoringRegistry;
import io.leadflow.jobs.testing.Events;
import io.leadflow.schema.event.LeadEvent;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.leadflow.jobs.testing.Events.created;
import static io.leadflow.jobs.testing.Events.millis;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LeadScoringFunctionTest {

    /**
     * Fit 30 for software; each pricing view 20, halving every day; ready at 60, until below 50.
     */
    private static final String V1 =
            """
            {"version": "v1",
             "fit": {"cap": 40, "rules": [
                {"id": "software", "field": "industry", "values": ["software"], "points": 30}]},
             "engagement": {"halfLife": "1d", "rules": [
                {"id": "pricing", "activities": ["page_view"], "urlContains": ["/pricing"],
                 "points": 20}]},
             "salesReady": {"threshold": 60, "release": 50}}
            """;

    /** The same, but a pricing view is worth 10: nobody is sales ready on views alone. */
    private static final String V2 =
            V1.replace("\"v1\"", "\"v2\"").replace("\"points\": 20", "\"points\": 10");

    private static final long T0 = millis("2026-03-02T09:00:00Z");
    private static final long DAY = 86_400_000L;

    private static KeyedBroadcastOperatorTestHarness<String, ScoringInput, String, LeadScoreRow>
            harness() throws Exception {
        var h = unopened();
        h.open();
        h.watermark(T0 - DAY);
        return h;
    }

    private static KeyedBroadcastOperatorTestHarness<String, ScoringInput, String, LeadScoreRow>
            unopened() throws Exception {
        return new KeyedBroadcastOperatorTestHarness<>(
                new LeadScoringOperator(
                        new LeadScoringFunction(
                                ScoringRegistry.of(V1, "test"), Duration.ofSeconds(1))),
                (ScoringInput input) -> input.lead().leadId(),
                Types.STRING,
                1,
                1,
                0);
    }

    /** V1 with v3 published {@code as} shadow or active: v3 makes a pricing view worth 40. */
    private static ScoringRegistry withV3(String as) {
        String v3 = V1.replace("\"v1\"", "\"v3\"").replace("\"points\": 20", "\"points\": 40");
        return ScoringRegistry.of(V1, "test")
                .apply("{\"scoring\": {\"publish\": " + v3 + ", \"as\": \"" + as + "\"}}", "test");
    }

    private static LeadFacts facts(String leadId, long version, long lastEventAt) {
        return facts(leadId, version, lastEventAt, "INQUIRY", 1);
    }

    private static LeadFacts facts(
            String leadId, long version, long lastEventAt, String status, int cycle) {
        return new LeadFacts(
                leadId,
                version,
                T0 - 60_000,
                lastEventAt,
                "web_form",
                "google",
                "",
                "",
                "software",
                "DE",
                "",
                "",
                "",
                "",
                null,
                status,
                cycle,
                null,
                null,
                null,
                false,
                false,
                false);
    }

    private static ScoringInput view(String leadId, long version, long at) {
        return new ScoringInput(
                facts(leadId, version, at),
                new ScoredActivity(at, leadId + "-" + at, "page_view", "https://x.io/pricing", ""));
    }

    private static List<LeadScoreRow> rows(
            KeyedBroadcastOperatorTestHarness<String, ScoringInput, String, LeadScoreRow> h) {
        return h.extractOutputValues();
    }

    @Test
    void aSalesReadyLeadFallsBelowTheReleaseAtTheExactSecondOnATimer() throws Exception {
        var h = harness();
        h.processElement(new ScoringInput(facts("L1", 1, T0 - 60_000), null), 0L);
        h.processElement(view("L1", 2, T0), 0L);
        h.processElement(view("L1", 3, T0), 0L);
        LeadScoreRow ready = rows(h).get(rows(h).size() - 1);
        // 30 fit + 2 x 20 = 70: ready at 60.
        assertThat(ready.score().total()).isEqualTo(70.0);
        assertThat(ready.salesReady()).isTrue();
        assertThat(ready.score().grade()).isEqualTo("B1");
        // Engagement 40 halves in a day: at T0 + 1d the total is exactly 50, still not below.
        h.watermark(T0 + DAY);
        assertThat(rows(h)).hasSize(3);
        h.watermark(T0 + DAY + 1_000);
        LeadScoreRow dropped = rows(h).get(3);
        assertThat(dropped.reason()).isEqualTo("decay");
        assertThat(dropped.score().at()).isEqualTo(T0 + DAY + 1_000);
        assertThat(dropped.salesReady()).isFalse();
        assertThat(dropped.score().total()).isLessThan(50.0).isGreaterThan(49.99);
        h.close();
    }

    @Test
    void aLeadBetweenReleaseAndThresholdStaysAsItWas() throws Exception {
        var h = harness();
        // 30 + 20 = 50: below the threshold, not ready.
        h.processElement(view("L1", 1, T0), 0L);
        assertThat(rows(h).get(0).salesReady()).isFalse();
        // Two hours later, 30 + 20 x 2^-(2/24) + 20 = 68.9: ready.
        h.processElement(view("L1", 2, T0 + 2 * 3_600_000L), 0L);
        assertThat(rows(h).get(1).salesReady()).isTrue();
        // Twelve hours on, no new view, the score is between 50 and 60: still ready, no row.
        h.watermark(T0 + 14 * 3_600_000L);
        assertThat(rows(h)).hasSize(2);
        h.close();
    }

    @Test
    void becomingSalesReadyBelowMqlAsksForMqlOncePerCycleWithTheModelVersion() throws Exception {
        var h = harness();
        h.processElement(view("L1", 1, T0), 0L);
        h.processElement(view("L1", 2, T0 + 1_000), 0L);
        h.processElement(view("L1", 3, T0 + 2_000), 0L);
        List<LeadEvent> asked =
                h.getSideOutput(LeadScoringFunction.SCORE_QUALIFIED).stream()
                        .map(StreamRecord::getValue)
                        .toList();
        assertThat(asked)
                .singleElement()
                .satisfies(
                        e -> {
                            assertThat(e.eventId()).isEqualTo("score-mql:L1:1");
                            assertThat(e.statusChange().status().name()).isEqualTo("MQL");
                            assertThat(e.statusChange().reason()).isEqualTo("score");
                            assertThat(e.statusChange().actor()).isEqualTo("model:v1");
                            assertThat(e.occurredAtMillis()).isEqualTo(T0 + 1_000);
                        });
        h.close();
    }

    @Test
    void aShadowVersionScoresEveryLeadAtOnceAndPromotionSwapsTheRoles() throws Exception {
        var h = harness();
        h.processElement(view("L1", 1, T0), 0L);
        h.processElement(view("L2", 1, T0 + 5_000), 0L);
        assertThat(rows(h)).hasSize(2);
        ScoringRegistry v1 = ScoringRegistry.of(V1, "test");
        ScoringRegistry shadow =
                v1.apply("{\"scoring\": {\"publish\": " + V2 + ", \"as\": \"shadow\"}}", "test");
        h.processBroadcastElement(shadow.toJson(), 0L);
        List<LeadScoreRow> rescored = rows(h).subList(2, rows(h).size());
        assertThat(rescored)
                .extracting(r -> r.leadId() + " " + r.score().modelVersion() + " " + r.reason())
                .containsExactlyInAnyOrder("L1 v2 model", "L2 v2 model");
        assertThat(rescored).allSatisfy(r -> assertThat(r.active()).isFalse());
        // 30 + 10: the shadow's own rules.
        assertThat(rescored).allSatisfy(r -> assertThat(r.score().total()).isEqualTo(40.0));
        // A new event is scored under both, the active one first.
        h.processElement(view("L1", 2, T0 + 10_000), 0L);
        assertThat(rows(h).subList(4, 6))
                .extracting(r -> r.score().modelVersion() + " " + r.active())
                .containsExactly("v1 true", "v2 false");

        ScoringRegistry promoted = shadow.apply("{\"scoring\": {\"promote\": \"v2\"}}", "test");
        int before = rows(h).size();
        h.processBroadcastElement(promoted.toJson(), 0L);
        assertThat(rows(h).subList(before, rows(h).size()))
                .extracting(
                        r ->
                                r.leadId()
                                        + " "
                                        + r.score().modelVersion()
                                        + " "
                                        + r.reason()
                                        + " "
                                        + r.active())
                .containsExactlyInAnyOrder(
                        "L1 v1 retired false",
                        "L2 v1 retired false",
                        "L1 v2 model true",
                        "L2 v2 model true");
        // Rolled back in one message: v1 active again.
        before = rows(h).size();
        h.processBroadcastElement(
                promoted.apply("{\"scoring\": {\"rollback\": true}}", "test").toJson(), 0L);
        assertThat(rows(h).subList(before, rows(h).size()))
                .extracting(r -> r.leadId() + " " + r.score().modelVersion() + " " + r.active())
                .containsExactlyInAnyOrder(
                        "L1 v2 false", "L2 v2 false", "L1 v1 true", "L2 v1 true");
        h.close();
    }

    @Test
    void theEndOfTheInputDecidesNoDecay() throws Exception {
        var h = harness();
        h.processElement(view("L1", 1, T0), 0L);
        h.processElement(view("L1", 2, T0), 0L);
        assertThat(rows(h).get(1).salesReady()).isTrue();
        h.watermark(Long.MAX_VALUE);
        assertThat(rows(h)).hasSize(2);
        h.close();
    }

    @Test
    void outOfOrderActivitiesGiveTheSameScoreAsInOrder() throws Exception {
        var inOrder = harness();
        var shuffled = harness();
        long[] at = {T0, T0 + 3_600_000L, T0 + 7_200_000L};
        for (int i = 0; i < at.length; i++) {
            inOrder.processElement(view("L1", i + 1, at[i]), 0L);
        }
        int[] order = {2, 0, 1};
        for (int i = 0; i < order.length; i++) {
            shuffled.processElement(view("L1", i + 1, at[order[i]]), 0L);
        }
        LeadScoreRow a = rows(inOrder).get(rows(inOrder).size() - 1);
        LeadScoreRow b = rows(shuffled).get(rows(shuffled).size() - 1);
        assertThat(b.score()).isEqualTo(a.score());
        assertThat(b.calibrationScore()).isEqualTo(a.calibrationScore());
        inOrder.close();
        shuffled.close();
    }

    private static List<String> asked(
            KeyedBroadcastOperatorTestHarness<String, ScoringInput, String, LeadScoreRow> h) {
        var emitted = h.getSideOutput(LeadScoringFunction.SCORE_QUALIFIED);
        return emitted == null
                ? List.of()
                : emitted.stream().map(r -> r.getValue().eventId()).toList();
    }

    @Test
    void aNurturedLeadThatBecomesSalesReadyIsMovedBackIntoTheFunnelInANewCycle() throws Exception {
        var h = harness();
        for (int i = 0; i < 2; i++) {
            long at = T0 + i * 1_000L;
            h.processElement(
                    new ScoringInput(
                            facts("L1", i + 1, at, "NURTURE", 1),
                            new ScoredActivity(
                                    at, "v" + i, "page_view", "https://x.io/pricing", "")),
                    0L);
        }
        assertThat(asked(h)).containsExactly("score-mql:L1:2");
        // Won, lost and disqualified leads stay where sales put them.
        h.processElement(new ScoringInput(facts("L2", 1, T0, "DISQUALIFIED", 1), null), 0L);
        h.processElement(view("L2", 2, T0), 0L);
        assertThat(asked(h)).containsExactly("score-mql:L1:2");
        h.close();
    }

    @Test
    void promotingAVersionUnderWhichALeadIsReadyMovesItToMql() throws Exception {
        var h = harness();
        // Under v1 one view: 30 + 20 = 50, not ready. Under v3 a view is worth 40: 70, ready.
        h.processElement(view("L1", 1, T0), 0L);
        assertThat(asked(h)).isEmpty();
        ScoringRegistry shadow = withV3("shadow");
        h.processBroadcastElement(shadow.toJson(), 0L);
        assertThat(asked(h)).as("a shadow drives nothing").isEmpty();
        h.processBroadcastElement(
                shadow.apply("{\"scoring\": {\"promote\": \"v3\"}}", "test").toJson(), 0L);
        assertThat(asked(h)).containsExactly("score-mql:L1:1");
        h.close();
    }

    @Test
    void aModelChangeScoresAsOfTheWatermarkNotTheLeadsLastEvent() throws Exception {
        var h = harness();
        h.processElement(view("L1", 1, T0), 0L);
        h.watermark(T0 + 7 * DAY);
        ScoringRegistry shadow =
                ScoringRegistry.of(V1, "test")
                        .apply(
                                "{\"scoring\": {\"publish\": " + V2 + ", \"as\": \"shadow\"}}",
                                "test");
        h.processBroadcastElement(shadow.toJson(), 0L);
        LeadScoreRow rescored = rows(h).get(rows(h).size() - 1);
        assertThat(rescored.score().at()).isEqualTo(T0 + 7 * DAY);
        // 30 fit + 10 x 2^-7: a week of decay.
        assertThat(rescored.score().total()).isCloseTo(30 + 10 / 128.0, within(1e-9));
        h.close();
    }

    @Test
    void aQuietLeadThatAModelChangeMadeSalesReadyFallsBelowTheReleaseOnATimer() throws Exception {
        var h = harness();
        // Under v1 one view: 30 + 20 = 50, not ready, and no timer.
        h.processElement(view("L1", 1, T0), 0L);
        ScoringRegistry published = withV3("active");
        h.processBroadcastElement(published.toJson(), 0L);
        LeadScoreRow rescored = rows(h).get(rows(h).size() - 1);
        assertThat(rescored.reason()).isEqualTo("model");
        // 30 + 40 = 70 under v3: ready; the view's 40 reaches 20 (total 50) a day after it.
        assertThat(rescored.salesReady()).isTrue();
        int before = rows(h).size();
        // No further event for the lead: only a timer set during the rescore can decide the drop.
        h.watermark(T0 + DAY);
        assertThat(rows(h)).hasSize(before);
        h.watermark(T0 + DAY + 1_000);
        assertThat(rows(h)).hasSize(before + 1);
        LeadScoreRow dropped = rows(h).get(before);
        assertThat(dropped.reason()).isEqualTo("decay");
        assertThat(dropped.score().modelVersion()).isEqualTo("v3");
        assertThat(dropped.score().at()).isEqualTo(T0 + DAY + 1_000);
        assertThat(dropped.salesReady()).isFalse();
        h.close();
    }

    /**
     * What the lifecycle sends scoring for a software lead created a minute before T0 that views
     * the pricing page twice at T0 (30 + 2 x 20 = 70: sales ready under v1): one input per event,
     * each with the lead's row after it.
     */
    private static List<ScoringInput> readyLead() {
        List<LeadEvent> events =
                List.of(
                        created("L1", "2026-03-02T08:59:00Z", "web_form"),
                        Events.parse(
                                Events.json(
                                        Events.nextId(),
                                        "lead.updated",
                                        "L1",
                                        "2026-03-02T08:59:30Z",
                                        "{\"firmographics\": {\"industry\": \"software\"}}")),
                        pricingView("L1", "2026-03-02T09:00:00Z"),
                        pricingView("L1", "2026-03-02T09:00:00Z"));
        List<ScoringInput> inputs = new ArrayList<>();
        LeadProgress progress = null;
        for (LeadEvent event : events) {
            progress =
                    LeadLifecycle.advance(
                            TransitionPolicy.defaults(), "L1", progress, List.of(event));
            LeadStateRow row =
                    new LeadStateRow(
                            progress.lead(),
                            progress.transitions(),
                            progress.rejections(),
                            progress.lead().eventsApplied());
            inputs.add(ScoringInput.of(progress, event, row, null));
        }
        return inputs;
    }

    private static LeadEvent pricingView(String leadId, String at) {
        return Events.parse(
                Events.json(
                        Events.nextId(),
                        "activity",
                        leadId,
                        at,
                        "{\"kind\": \"page_view\", \"direction\": \"inbound\", \"url\":"
                                + " \"https://x.io/pricing\"}"));
    }

    private static void feed(
            KeyedBroadcastOperatorTestHarness<String, ScoringInput, String, LeadScoreRow> h,
            List<ScoringInput> inputs)
            throws Exception {
        for (ScoringInput input : inputs) {
            h.processElement(input, 0L);
        }
    }

    private static List<LeadStateRow> leadState(
            KeyedBroadcastOperatorTestHarness<String, ScoringInput, String, LeadScoreRow> h) {
        var emitted = h.getSideOutput(LeadScoringFunction.LEAD_STATE);
        return emitted == null ? List.of() : emitted.stream().map(StreamRecord::getValue).toList();
    }

    @Test
    void theLeadStateRowCarriesTheActiveScoreOfItsEventsOncePerFlush() throws Exception {
        var h = harness();
        List<ScoringInput> inputs = readyLead();
        feed(h, inputs);
        assertThat(leadState(h)).as("written at the flush, not per event").isEmpty();
        h.setProcessingTime(1_000L);
        assertThat(leadState(h)).hasSize(1);
        LeadStateRow row = leadState(h).get(0);
        LeadStateRow lifecycle = inputs.get(3).row();
        assertThat(row.version()).isEqualTo(4);
        assertThat(row.lead()).isEqualTo(lifecycle.lead());
        assertThat(row.transitions()).isEqualTo(lifecycle.transitions());
        LeadScoreRow active = rows(h).get(rows(h).size() - 1);
        assertThat(row.score())
                .as("the same figures as the lead's last lead_scores row")
                .isEqualTo(LeadStateScore.of(active));
        assertThat(row.score().total()).isEqualTo(70.0);
        assertThat(row.score().salesReady()).isTrue();
        h.setProcessingTime(5_000L);
        assertThat(leadState(h)).as("nothing changed since").hasSize(1);
        h.close();
    }

    @Test
    void aDecayWritesTheKeptRowAgainWithTheSameVersionAndTheNewScore() throws Exception {
        var h = harness();
        List<ScoringInput> inputs = readyLead();
        feed(h, inputs);
        h.setProcessingTime(1_000L);
        // Engagement 40 halves in a day: below the release of 50 a second after T0 + 1 day.
        h.watermark(T0 + DAY + 1_000);
        h.setProcessingTime(2_000L);
        assertThat(leadState(h)).hasSize(2);
        LeadStateRow decayed = leadState(h).get(1);
        assertThat(decayed.version()).isEqualTo(4);
        assertThat(decayed.lead()).isEqualTo(inputs.get(3).row().lead());
        assertThat(decayed.transitions()).isEqualTo(inputs.get(3).row().transitions());
        assertThat(decayed.score().salesReady()).isFalse();
        assertThat(decayed.score().scoredAt()).isEqualTo(T0 + DAY + 1_000);
        assertThat(decayed.score().total()).isLessThan(50.0);
        h.close();
    }

    @Test
    void aPromotionWritesTheRowAtOnceAndAShadowWritesNone() throws Exception {
        var h = harness();
        feed(h, readyLead());
        h.setProcessingTime(1_000L);
        ScoringRegistry shadow = withV3("shadow");
        h.processBroadcastElement(shadow.toJson(), 0L);
        assertThat(leadState(h)).as("a shadow changes no lead_state row").hasSize(1);
        h.processBroadcastElement(
                shadow.apply("{\"scoring\": {\"promote\": \"v3\"}}", "test").toJson(), 0L);
        assertThat(leadState(h)).as("written during the rescore, before any flush").hasSize(2);
        LeadStateRow promoted = leadState(h).get(1);
        assertThat(promoted.version()).isEqualTo(4);
        assertThat(promoted.score().modelVersion()).isEqualTo("v3");
        // 30 + 2 x 40, at the default total cap of 100.
        assertThat(promoted.score().total()).isEqualTo(100.0);
        h.close();
    }

    @Test
    void anOlderRowDoesNotReplaceANewerOne() throws Exception {
        var h = harness();
        List<ScoringInput> inputs = readyLead();
        h.processElement(inputs.get(0), 0L);
        h.processElement(inputs.get(1), 0L);
        h.processElement(inputs.get(3), 0L);
        h.processElement(inputs.get(2), 0L);
        h.setProcessingTime(1_000L);
        assertThat(leadState(h)).hasSize(1);
        assertThat(leadState(h).get(0).version()).isEqualTo(4);
        assertThat(leadState(h).get(0).lead()).isEqualTo(inputs.get(3).row().lead());
        h.close();
    }

    @Test
    void theKeptRowSurvivesARestartAndTheEndOfTheInputFlushesIt() throws Exception {
        var h = harness();
        feed(h, readyLead());
        OperatorSubtaskState snapshot = h.snapshot(1L, 1L);
        h.close();
        var restored = unopened();
        restored.initializeState(snapshot);
        restored.open();
        restored.watermark(T0 + DAY + 1_000);
        restored.watermark(Long.MAX_VALUE);
        assertThat(leadState(restored)).hasSize(1);
        LeadStateRow row = leadState(restored).get(0);
        assertThat(row.version()).isEqualTo(4);
        assertThat(row.lead().leadId()).isEqualTo("L1");
        assertThat(row.score().salesReady()).as("the decay after the restart").isFalse();
        restored.close();
    }
}
