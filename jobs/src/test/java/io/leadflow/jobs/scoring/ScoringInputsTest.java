package io.leadflow.jobs.scoring;

import io.leadflow.jobs.lifecycle.EventOrder;
import io.leadflow.jobs.lifecycle.LeadLifecycle;
import io.leadflow.jobs.lifecycle.LeadProgress;
import io.leadflow.jobs.lifecycle.TransitionPolicy;
import io.leadflow.jobs.testing.Events;
import io.leadflow.schema.event.LeadEvent;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.leadflow.jobs.testing.Events.created;
import static io.leadflow.jobs.testing.Events.createdAs;
import static io.leadflow.jobs.testing.Events.inbound;
import static io.leadflow.jobs.testing.Events.millis;
import static io.leadflow.jobs.testing.Events.opportunity;
import static io.leadflow.jobs.testing.Events.outbound;
import static io.leadflow.jobs.testing.Events.status;
import static org.assertj.core.api.Assertions.assertThat;

class ScoringInputsTest {

    private static final String D1 = "2026-01-01T00:00:00Z";
    private static final String D2 = "2026-01-02T00:00:00Z";
    private static final String D3 = "2026-01-03T00:00:00Z";
    private static final String D4 = "2026-01-04T00:00:00Z";
    private static final String D5 = "2026-01-05T00:00:00Z";
    private static final String D6 = "2026-01-06T00:00:00Z";
    private static final String D7 = "2026-01-07T00:00:00Z";
    private static final String D8 = "2026-01-08T00:00:00Z";

    private static LeadProgress progress(LeadEvent... events) {
        return advance(null, events);
    }

    private static LeadProgress advance(LeadProgress base, LeadEvent... events) {
        List<LeadEvent> sorted = new ArrayList<>(List.of(events));
        sorted.sort(EventOrder.COMPARATOR);
        return LeadLifecycle.advance(TransitionPolicy.defaults(), "L1", base, sorted);
    }

    private static LeadFacts facts(LeadEvent... events) {
        return ScoringInputs.facts(progress(events));
    }

    private static LeadEvent updated(String at, String payload) {
        return Events.parse(Events.json(Events.nextId(), "lead.updated", "L1", at, payload));
    }

    private static LeadEvent emailConsent(String at, boolean consent) {
        return updated(at, "{\"consent\": {\"email\": " + consent + "}}");
    }

    @Test
    void theLeadsProfileAndPlaceInTheFunnel() {
        LeadFacts f =
                facts(
                        created("L1", D1, "web_form"),
                        updated(
                                D2,
                                "{\"firmographics\": {\"company\": \"Acme\", \"industry\":"
                                        + " \"Software\", \"country\": \"DE\", \"segment\":"
                                        + " \"SMB\", \"employees\": 120}, \"team\": \"east\"}"),
                        status("L1", D3, "MQL", null));
        assertThat(f.leadId()).isEqualTo("L1");
        assertThat(f.version()).as("events applied").isEqualTo(3);
        assertThat(f.createdAt()).isEqualTo(millis(D1));
        assertThat(f.lastEventAt()).isEqualTo(millis(D3));
        assertThat(f.channel()).isEqualTo("web_form");
        assertThat(f.leadSource()).isEqualTo("google_ads");
        assertThat(f.company()).isEqualTo("Acme");
        assertThat(f.industry()).isEqualTo("Software");
        assertThat(f.country()).isEqualTo("DE");
        assertThat(f.segment()).isEqualTo("SMB");
        assertThat(f.employees()).isEqualTo(120);
        assertThat(f.team()).isEqualTo("east");
        assertThat(f.field("employees")).isEqualTo("120");
        assertThat(f.field("territory")).as("unknown is empty").isEmpty();
        assertThat(f.status()).isEqualTo("MQL");
        assertThat(f.cycle()).isEqualTo(1);
        assertThat(f.qualifiedAt()).isEqualTo(millis(D3));
        assertThat(f.reachedSqlAt()).isNull();
        assertThat(f.wonAt()).isNull();
        assertThat(f.unsubscribed()).isFalse();
        assertThat(f.doNotCall()).isFalse();
        assertThat(f.badContactData()).isFalse();
    }

    @Test
    void reachedSqlAtIsTheFirstMoveToSql() {
        LeadFacts f =
                facts(
                        created("L1", D1, "web_form"),
                        status("L1", D2, "MQL", null),
                        status("L1", D3, "SAL", null),
                        status("L1", D4, "SQL", null),
                        status("L1", D5, "OPPORTUNITY", null));
        assertThat(f.reachedSqlAt()).isEqualTo(millis(D4));
        assertThat(f.qualifiedAt()).isEqualTo(millis(D2));
        assertThat(f.wonAt()).isNull();
    }

    @Test
    void reachedSqlAtCountsStagesPassedOnTheWay() {
        // INQUIRY -> OPPORTUNITY passes SQL (implied) on D2.
        LeadFacts opportunity =
                facts(
                        created("L1", D1, "web_form"),
                        opportunity("L1", D2, "created", 5000.0),
                        opportunity("L1", D3, "won", 6000.0));
        assertThat(opportunity.reachedSqlAt()).isEqualTo(millis(D2));
        assertThat(opportunity.wonAt()).isEqualTo(millis(D3));

        LeadFacts wonStraight = facts(created("L1", D1, "web_form"), status("L1", D2, "WON", null));
        assertThat(wonStraight.reachedSqlAt()).isEqualTo(millis(D2));
        assertThat(wonStraight.wonAt()).isEqualTo(millis(D2));

        LeadFacts createdAsMql = facts(createdAs("L1", D1, "MQL"), status("L1", D2, "SQL", null));
        assertThat(createdAsMql.qualifiedAt()).isEqualTo(millis(D1));
        assertThat(createdAsMql.reachedSqlAt()).isEqualTo(millis(D2));
    }

    @Test
    void reachedSqlAtAndWonAtAreTheFirstOnesAcrossCycles() {
        LeadFacts f =
                facts(
                        created("L1", D1, "web_form"),
                        status("L1", D2, "SQL", null),
                        status("L1", D3, "WON", null),
                        status("L1", D4, "RECYCLED", "renewal"),
                        status("L1", D5, "MQL", null),
                        status("L1", D6, "SQL", null),
                        status("L1", D7, "WON", null));
        assertThat(f.cycle()).isEqualTo(2);
        assertThat(f.reachedSqlAt()).isEqualTo(millis(D2));
        assertThat(f.wonAt()).isEqualTo(millis(D3));
    }

    @Test
    void exitsAreNotStagesReached() {
        // A loss implies nothing; a disqualification neither.
        LeadFacts lost = facts(created("L1", D1, "web_form"), status("L1", D2, "LOST", null));
        assertThat(lost.reachedSqlAt()).isNull();
        assertThat(lost.wonAt()).isNull();
        LeadFacts disqualified =
                facts(
                        created("L1", D1, "web_form"),
                        status("L1", D2, "MQL", null),
                        status("L1", D3, "DISQUALIFIED", "student"));
        assertThat(disqualified.reachedSqlAt()).isNull();
        assertThat(disqualified.qualifiedAt()).isEqualTo(millis(D2));
    }

    @Test
    void withdrawingEmailConsentUnsubscribesAndGivingItBackResubscribes() {
        LeadEvent creation = created("L1", D1, "web_form");
        assertThat(facts(creation, emailConsent(D2, false)).unsubscribed()).isTrue();
        assertThat(facts(creation, emailConsent(D2, false), emailConsent(D3, true)).unsubscribed())
                .isFalse();
        assertThat(facts(creation, emailConsent(D2, true)).unsubscribed()).isFalse();
        assertThat(
                        facts(
                                        creation,
                                        emailConsent(D2, false),
                                        updated(D3, "{\"owner\": \"ana\"}"))
                                .unsubscribed())
                .as("an update saying nothing of consent leaves it")
                .isTrue();
    }

    @Test
    void anUnsubscribeActivityUnsubscribesUntilConsentIsGivenAgain() {
        LeadEvent creation = created("L1", D1, "web_form");
        LeadEvent unsubscribe = inbound("L1", D2, "unsubscribe");
        assertThat(facts(creation, unsubscribe).unsubscribed()).isTrue();
        assertThat(facts(creation, unsubscribe, emailConsent(D3, true)).unsubscribed()).isFalse();
        assertThat(
                        facts(creation, emailConsent(D2, true), inbound("L1", D3, "unsubscribe"))
                                .unsubscribed())
                .as("the latest word counts")
                .isTrue();
        assertThat(facts(creation, inbound("L1", D2, "page_view")).unsubscribed()).isFalse();
    }

    @Test
    void phoneConsentAndBadContactData() {
        LeadEvent creation = created("L1", D1, "web_form");
        LeadFacts noCalls = facts(creation, updated(D2, "{\"consent\": {\"phone\": false}}"));
        assertThat(noCalls.doNotCall()).isTrue();
        assertThat(noCalls.unsubscribed()).as("phone consent is not email consent").isFalse();
        assertThat(facts(creation, outbound("L1", D2, "call", "wrong_number")).badContactData())
                .isTrue();
        assertThat(facts(creation, outbound("L1", D2, "call", "no_answer")).badContactData())
                .isFalse();
    }

    @Test
    void factsFromAProgressInStepsAreTheFactsFromAllEvents() {
        LeadEvent[] first = {
            created("L1", D1, "web_form"), status("L1", D2, "SQL", null), emailConsent(D3, false)
        };
        LeadEvent[] then = {
            opportunity("L1", D5, "created", 100.0),
            emailConsent(D6, true),
            opportunity("L1", D8, "won", 100.0)
        };
        List<LeadEvent> all = new ArrayList<>(List.of(first));
        all.addAll(List.of(then));
        LeadFacts stepwise = ScoringInputs.facts(advance(progress(first), then));
        assertThat(stepwise).isEqualTo(facts(all.toArray(LeadEvent[]::new)));
        assertThat(stepwise.reachedSqlAt()).isEqualTo(millis(D2));
        assertThat(stepwise.wonAt()).isEqualTo(millis(D8));
        assertThat(stepwise.unsubscribed()).isFalse();
        assertThat(stepwise.version()).isEqualTo(6);
    }

    @Test
    void anActivityEventGivesItsActivity() {
        LeadEvent creation = created("L1", D1, "web_form");
        LeadEvent viewed =
                Events.parse(
                        Events.json(
                                "ev-42",
                                "activity",
                                "L1",
                                D2,
                                "{\"kind\": \"page_view\", \"direction\": \"inbound\", \"url\":"
                                        + " \"https://x.io/pricing\", \"campaign\": \"spring\"}"));
        LeadProgress after = progress(creation, viewed);

        assertThat(ScoringInputs.activity(viewed))
                .isEqualTo(
                        new ScoredActivity(
                                millis(D2),
                                "ev-42",
                                "page_view",
                                "https://x.io/pricing",
                                "spring"));
        assertThat(ScoringInputs.facts(after).lastEventAt()).isEqualTo(millis(D2));

        LeadEvent bare = inbound("L1", D3, "chat");
        assertThat(ScoringInputs.activity(bare))
                .as("no url or campaign: empty")
                .isEqualTo(new ScoredActivity(millis(D3), bare.eventId(), "chat", "", ""));

        LeadEvent mql = status("L1", D3, "MQL", null);
        assertThat(ScoringInputs.activity(mql)).isNull();
        assertThat(ScoringInputs.facts(progress(creation, mql)).status()).isEqualTo("MQL");
    }

    @Test
    void factsFromTheRowAndFlagsAreTheFactsFromTheProgress() {
        LeadProgress after =
                progress(
                        created("L1", D1, "web_form"),
                        status("L1", D2, "SQL", null),
                        outbound("L1", D3, "call", "wrong_number"),
                        emailConsent(D4, false),
                        opportunity("L1", D5, "won", 1200.0));
        assertThat(after.badContactData()).isTrue();
        assertThat(after.unsubscribed()).isTrue();
        LeadFacts fromRow =
                ScoringInputs.facts(
                        after.lead(),
                        after.transitions(),
                        after.unsubscribed(),
                        after.doNotCall(),
                        after.badContactData());
        assertThat(fromRow).isEqualTo(ScoringInputs.facts(after));
        assertThat(fromRow.reachedSqlAt()).isEqualTo(millis(D2));
        assertThat(fromRow.wonAt()).isNotNull();
    }
}
