package io.leadflow.jobs.sla;

import io.leadflow.schema.event.LeadStatus;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class SlaPoliciesTest {

    private static final String GOOD =
            """
            {"policies": [
              {"name": "mql-first-touch",
               "leads": {"statuses": ["MQL"], "sources": ["google_ads"], "minScore": 40},
               "start": "became_mql", "stop": "first_attempt", "deadline": "15m", "warnAt": 0.8,
               "businessHours": {"zone": "Europe/Berlin",
                                 "days": {"MON": "09:00-17:00", "TUE": "09:00-17:00",
                                          "WED": "09:00-17:00", "THU": "09:00-17:00",
                                          "FRI": "09:00-15:00"},
                                 "holidays": ["2026-12-25"]},
               "escalateAfter": "1h", "escalateTo": "sales-managers",
               "cadence": {"attempts": 5, "within": "10d"}},
              {"name": "accept-within-a-day", "start": "assigned", "stop": "status:SAL",
               "deadline": "24h"}
            ]}
            """;

    @Test
    void aPolicyFileReadsIntoPolicies() {
        List<SlaPolicy> policies = SlaPolicies.parse(GOOD, "sla.json");
        assertThat(policies)
                .extracting(SlaPolicy::name)
                .containsExactly("mql-first-touch", "accept-within-a-day");
        SlaPolicy mql = policies.get(0);
        assertThat(mql.start()).isEqualTo(SlaPolicy.ClockStart.BECAME_MQL);
        assertThat(mql.stop().kind()).isEqualTo(SlaPolicy.ClockStop.Kind.FIRST_ATTEMPT);
        assertThat(mql.cadence()).isEqualTo(new SlaPolicy.Cadence(5, Duration.ofDays(10)));
        assertThat(mql.leads().matches(LeadStatus.MQL, "google_ads", "web_form", "t", 50.0))
                .isTrue();
        assertThat(mql.leads().matches(LeadStatus.MQL, "google_ads", "web_form", "t", 39.0))
                .isFalse();
        assertThat(mql.leads().matches(LeadStatus.SQL, "google_ads", "web_form", "t", 50.0))
                .isFalse();
        // Friday 14:50 Berlin (13:50 UTC): 10 minutes on Friday, 5 on Monday from 09:00.
        Instant started = Instant.parse("2026-03-06T13:50:00Z");
        assertThat(mql.dueAt(started)).isEqualTo(Instant.parse("2026-03-09T08:05:00Z"));
        assertThat(mql.warnAt(started)).isEqualTo(Instant.parse("2026-03-09T08:02:00Z"));

        SlaPolicy accept = policies.get(1);
        assertThat(accept.stop().status()).isEqualTo(LeadStatus.SAL);
        assertThat(accept.leads().matches(LeadStatus.INQUIRY, "x", "y", "z", null)).isTrue();
        assertThat(accept.dueAt(started)).isEqualTo(started.plus(Duration.ofHours(24)));
        assertThat(accept.warnAt(started)).isNull();
    }

    @Test
    void everyProblemIsReportedWithThePolicyAndTheField() {
        String bad =
                """
                {"policies": [
                  {"name": "a", "start": "became_sql", "stop": "status:DONE", "deadline": "-5m",
                   "warnAt": 1.5, "escalateTo": "managers", "color": "red",
                   "businessHours": {"zone": "Mars/Olympus", "days": {"MON": "17:00-09:00"}}},
                  {"start": "created", "stop": "connect", "deadline": "1h"},
                  {"name": "b", "start": "created", "stop": "connect", "deadline": "1h"},
                  {"name": "b", "start": "created", "stop": "connect", "deadline": "2h"}
                ]}
                """;
        SlaPolicyException e =
                catchThrowableOfType(
                        () -> SlaPolicies.parse(bad, "sla.json"), SlaPolicyException.class);
        assertThat(e.problems())
                .contains(
                        "policy 'a': color: unknown field (known: name, leads, start, stop,"
                                + " deadline, warnAt, businessHours, escalateAfter, escalateTo,"
                                + " cadence, freshFor)",
                        "policy 'a': start: 'became_sql' is not created, became_mql or assigned",
                        "policy 'a': stop: 'status:DONE' is not first_attempt, connect or status:<STATUS>",
                        "policy 'a': deadline: '-5m' is not a duration such as 15m or 24h",
                        "policy 'a': warnAt: must be a number between 0 and 1 (exclusive), e.g. 0.8",
                        "policy 'a': businessHours.zone: 'Mars/Olympus' is not a time zone such as"
                                + " Europe/Berlin",
                        "policy 'a': businessHours.days.MON: opening time 17:00 must be before"
                                + " closing time 09:00",
                        "policy 'a': escalateAfter and escalateTo: give both or neither",
                        "policy #2: name: is missing",
                        "policy 'b': the name is used twice");
        assertThat(e).hasMessageStartingWith("Alert rules from sla.json refused, ");
    }

    @Test
    void aScoreFilterIsAcceptedAndWarnedAboutWhereNoScoreReachesIt() {
        AlertRules scored =
                AlertRules.parse(
                        GOOD.replace(
                                "{\"policies\": [",
                                "{\"hotLeads\": [{\"name\": \"rfq\", \"activities\": [\"rfq\"],"
                                        + " \"leads\": {\"minScore\": 70}}],"
                                        + " \"policies\": ["),
                        "sla.json");
        assertThat(scored.warnings(false))
                .containsExactly(
                        "policy 'mql-first-touch': leads.minScore: the job scores no lead"
                                + " (scoring.model-file is empty), so it covers no lead",
                        "hot-lead rule 'rfq': leads.minScore: the job scores no lead"
                                + " (scoring.model-file is empty), so it covers no lead");
        assertThat(scored.warnings(true)).isEmpty();
        assertThat(
                        AlertRules.parse(GOOD.replace(", \"minScore\": 40", ""), "sla.json")
                                .warnings(false))
                .isEmpty();
    }

    @Test
    void notJsonIsRefused() {
        assertThatThrownBy(() -> SlaPolicies.parse("{policies", "config topic"))
                .isInstanceOf(SlaPolicyException.class)
                .hasMessageContaining("config topic")
                .hasMessageContaining("not JSON");
        assertThatThrownBy(() -> SlaPolicies.parse("{}", "x"))
                .hasMessageContaining(
                        "expected an object with a \"policies\" or a \"hotLeads\" array");
    }

    @Test
    void hotLeadRulesReadWithDefaultsAndTheirProblemsAreNamed() {
        AlertRules rules =
                AlertRules.parse(
                        """
                        {"hotLeads": [{"name": "rfq", "activities": ["rfq"]},
                          {"name": "pricing", "activities": ["page_view"],
                           "urlContains": ["/pricing"], "cooldown": "2h"}]}
                        """,
                        "rules.json");
        assertThat(rules.policies()).isEmpty();
        assertThat(rules.hotLeads())
                .extracting(HotLeadRule::name)
                .containsExactly("rfq", "pricing");
        assertThat(rules.hotLeads().get(0).cooldown()).isEqualTo(Duration.ofHours(24));
        assertThat(rules.hotLeads().get(0).freshFor()).isEqualTo(Duration.ofHours(1));
        assertThat(rules.hotLeads().get(1).cooldown()).isEqualTo(Duration.ofHours(2));

        SlaPolicyException e =
                catchThrowableOfType(
                        SlaPolicyException.class,
                        () ->
                                AlertRules.parse(
                                        """
                                        {"hotLeads": [{"name": "calls", "activities": ["call"],
                                                       "freshFor": "soon", "colour": "red",
                                                       "scoreJump": -5},
                                                      {"activities": ["rfq"]}],
                                         "policy": []}
                                        """,
                                        "rules.json"));
        assertThat(e.problems())
                .containsExactlyInAnyOrder(
                        "policy: unknown field (known: policies, hotLeads)",
                        "hot-lead rule 'calls': colour: unknown field (known: name, activities,"
                                + " urlContains, leads, cooldown, freshFor, scoreJump)",
                        "hot-lead rule 'calls': activities: 'call' is not an inbound activity kind"
                                + " (known: email_open, email_click, page_view, form_submit,"
                                + " webinar_attended, content_download, rfq, chat)",
                        "hot-lead rule 'calls': freshFor: 'soon' is not a duration",
                        "hot-lead rule 'calls': scoreJump: must be a number of points above zero",
                        "hot-lead rule #2: name: is missing");
    }
}
