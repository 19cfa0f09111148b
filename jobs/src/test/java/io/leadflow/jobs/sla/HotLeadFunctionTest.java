package io.leadflow.jobs.sla;

import io.leadflow.jobs.lifecycle.InboundActivity;
import io.leadflow.schema.event.Activity;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;

import org.junit.jupiter.api.Test;

import static io.leadflow.jobs.testing.Events.millis;
import static org.assertj.core.api.Assertions.assertThat;

class HotLeadFunctionTest {

    private static final String RULES =
            """
            {"hotLeads": [
              {"name": "rfq", "activities": ["rfq"]},
              {"name": "pricing-page", "activities": ["page_view"], "urlContains": ["/Pricing"],
               "leads": {"teams": ["team-east"]}, "cooldown": "24h", "freshFor": "1h"}]}
            """;

    private static KeyedBroadcastOperatorTestHarness<String, InboundActivity, String, SlaAlert>
            harness(String rules) throws Exception {
        return ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                new HotLeadFunction(AlertRules.parse(rules, "test")),
                InboundActivity::leadId,
                Types.STRING,
                RulesInForce.STATE);
    }

    private static InboundActivity visit(String at, String kind, String url, String team) {
        return new InboundActivity(
                "e-" + at + kind,
                "L1",
                millis(at),
                new Activity(kind, "inbound", null, null, url, null, null, null),
                "MQL",
                "google_ads",
                "web_form",
                team.isEmpty() ? "" : "rep-7",
                team);
    }

    @Test
    void aMatchingActivityAlertsTheOwnerAtOnceAndOncePerCooldown() throws Exception {
        var h = harness(RULES);
        h.setProcessingTime(millis("2026-01-01T10:00:05Z"));
        h.processElement(
                visit("2026-01-01T10:00:00Z", "page_view", "https://x.io/pricing", "team-east"),
                0L);
        h.processElement(
                visit("2026-01-01T10:03:00Z", "page_view", "https://x.io/pricing#eu", "team-east"),
                0L);
        h.processElement(
                visit("2026-01-01T10:04:00Z", "page_view", "https://x.io/blog", "team-east"), 0L);
        assertThat(h.extractOutputValues())
                .singleElement()
                .satisfies(
                        a -> {
                            assertThat(a.kind()).isEqualTo(SlaAlert.Kind.HOT_LEAD);
                            assertThat(a.policy()).isEqualTo("pricing-page");
                            assertThat(a.recipient()).isEqualTo("rep-7");
                            assertThat(a.live()).isTrue();
                            assertThat(a.detail()).isEqualTo("page_view https://x.io/pricing");
                            assertThat(a.alertId())
                                    .isEqualTo(
                                            "L1/pricing-page/"
                                                    + millis("2026-01-01T10:00:00Z")
                                                    + "/HOT_LEAD");
                        });
        // A day later the same signal is news again.
        h.setProcessingTime(millis("2026-01-02T11:00:05Z"));
        h.processElement(
                visit("2026-01-02T11:00:00Z", "page_view", "https://x.io/pricing", "team-east"),
                0L);
        assertThat(h.extractOutputValues()).hasSize(2);
        h.close();
    }

    @Test
    void filtersAndFreshnessDecideWhoIsPaged() throws Exception {
        var h = harness(RULES);
        h.setProcessingTime(millis("2026-06-01T00:00:00Z"));
        // Another team: the pricing rule does not cover it; the RFQ rule covers everybody.
        h.processElement(
                visit("2026-06-01T00:00:00Z", "page_view", "https://x.io/pricing", "team-west"),
                0L);
        // A replayed RFQ from January is recorded but pages nobody; unassigned goes to the team.
        h.processElement(visit("2026-01-05T10:00:00Z", "rfq", null, ""), 0L);
        assertThat(h.extractOutputValues())
                .singleElement()
                .satisfies(
                        a -> {
                            assertThat(a.policy()).isEqualTo("rfq");
                            assertThat(a.live()).isFalse();
                            assertThat(a.recipient()).isEmpty();
                            assertThat(a.detail()).isEqualTo("rfq");
                        });
        h.close();
    }

    @Test
    void rulesPublishedOnTheConfigTopicApplyToTheNextActivity() throws Exception {
        var h = harness(RULES);
        h.setProcessingTime(millis("2026-01-01T10:00:05Z"));
        h.processBroadcastElement(
                "{\"hotLeads\": [{\"name\": \"webinar\", \"activities\": [\"webinar_attended\"]}]}",
                0L);
        h.processElement(visit("2026-01-01T10:00:00Z", "rfq", null, "team-east"), 0L);
        h.processElement(visit("2026-01-01T10:00:01Z", "webinar_attended", null, "team-east"), 0L);
        assertThat(h.extractOutputValues()).extracting(SlaAlert::policy).containsExactly("webinar");
        h.close();
    }

    @Test
    void aScoreJumpRuleAlertsOnlyWhenTheActivityRaisedTheScoreEnough() throws Exception {
        var h =
                harness(
                        """
                        {"hotLeads": [{"name": "jump", "activities": ["page_view"],
                          "scoreJump": 15, "leads": {"minScore": 50}}]}
                        """);
        h.setProcessingTime(millis("2026-01-01T10:00:05Z"));
        // Without scores (no scoring): never.
        h.processElement(visit("2026-01-01T10:00:00Z", "page_view", "/a", "team-east"), 0L);
        // A jump of 14.9 to 60: not enough.
        h.processElement(
                visit("2026-01-01T10:00:01Z", "page_view", "/b", "team-east")
                        .withScores(45.1, 60.0),
                0L);
        // A jump of 20, but to 49: below the filter's minScore.
        h.processElement(
                visit("2026-01-01T10:00:02Z", "page_view", "/c", "team-east")
                        .withScores(29.0, 49.0),
                0L);
        assertThat(h.extractOutputValues()).isEmpty();
        // A jump of exactly 15 to 50: hot.
        h.processElement(
                visit("2026-01-01T10:00:03Z", "page_view", "/d", "team-east")
                        .withScores(35.0, 50.0),
                0L);
        assertThat(h.extractOutputValues())
                .singleElement()
                .satisfies(a -> assertThat(a.detail()).isEqualTo("page_view /d"));
        h.close();
    }
}
