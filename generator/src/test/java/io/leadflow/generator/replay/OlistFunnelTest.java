package io.leadflow.generator.replay;

import io.leadflow.schema.event.EventType;
import io.leadflow.schema.event.LeadEvent;
import io.leadflow.schema.parse.EventParser;
import io.leadflow.schema.parse.ParseOutcome;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The converter on the real Olist files: counts, quirks, schema validity, determinism. */
@NeedsDatasets
class OlistFunnelTest {

    private static final String CLAMPED = "b91cf8812365f50ff4bda4bcd6206b05";

    private static OlistReplayPlan plan;
    private static List<LeadEvent> events;

    @BeforeAll
    static void convert() throws Exception {
        plan = new OlistFunnel().read(OlistDataset.dir());
        EventParser parser = new EventParser();
        events =
                plan.records().stream()
                        .map(
                                r -> {
                                    ParseOutcome outcome = parser.parse(r.value());
                                    assertThat(outcome.rejection()).as(r.valueAsString()).isNull();
                                    return outcome.event();
                                })
                        .toList();
    }

    @Test
    void everyMqlIsOneLeadAndEveryDealOneWin() {
        assertThat(plan.leads()).isEqualTo(8000);
        assertThat(plan.deals()).isEqualTo(842);
        assertThat(plan.unjoinedDeals()).isZero();
        assertThat(count(EventType.LEAD_CREATED)).isEqualTo(8000);
        assertThat(events.stream().filter(e -> e.type() == EventType.OPPORTUNITY))
                .hasSize(842)
                .allSatisfy(
                        e -> {
                            assertThat(e.opportunity().action()).isEqualTo("won");
                            assertThat(e.opportunity().stage()).isEqualTo("closed_won");
                            assertThat(e.opportunity().opportunityId())
                                    .isEqualTo("olist:" + e.leadId());
                        });
        assertThat(events).allSatisfy(e -> assertThat(e.source()).isEqualTo("import:olist"));
        assertThat(events.stream().map(LeadEvent::eventId).distinct()).hasSize(events.size());
    }

    @Test
    void theTwoKindsOfMissingOriginStayApart() {
        assertThat(plan.leadSources())
                .containsEntry("unspecified", 60L)
                .containsEntry("unknown", 1099L)
                .containsEntry("organic_search", 2296L)
                .doesNotContainKey("");
        assertThat(plan.leadSources().values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(8000);
        Map<String, String> channelBySource =
                events.stream()
                        .filter(e -> e.type() == EventType.LEAD_CREATED)
                        .collect(
                                Collectors.toMap(
                                        e -> e.created().leadSource(),
                                        e -> e.created().channel(),
                                        (a, b) -> a));
        assertThat(channelBySource)
                .containsEntry("unspecified", "other")
                .containsEntry("unknown", "other")
                .containsEntry("email", "email")
                .containsEntry("social", "social")
                .containsEntry("referral", "referral")
                .containsEntry("paid_search", "web_form");
    }

    @Test
    void theDealWonBeforeItsFirstContactIsWonOneSecondAfterCreation() {
        assertThat(plan.clampedWins()).containsExactly(CLAMPED);
        List<LeadEvent> lead = events.stream().filter(e -> e.leadId().equals(CLAMPED)).toList();
        Instant created = Instant.parse("2018-03-08T00:00:00Z");
        assertThat(lead.get(0).type()).isEqualTo(EventType.LEAD_CREATED);
        assertThat(lead.get(0).occurredAtMillis()).isEqualTo(created.toEpochMilli());
        LeadEvent won = lead.get(lead.size() - 1);
        assertThat(won.type()).isEqualTo(EventType.OPPORTUNITY);
        assertThat(won.occurredAtMillis()).isEqualTo(created.plusSeconds(1).toEpochMilli());
        assertThat(lead)
                .allSatisfy(
                        e ->
                                assertThat(e.occurredAtMillis())
                                        .isGreaterThanOrEqualTo(created.toEpochMilli()));
    }

    @Test
    void noLeadIsTouchedBeforeItExistsAndRecordsAreInEventTimeOrder() {
        Map<String, Long> createdAt =
                events.stream()
                        .filter(e -> e.type() == EventType.LEAD_CREATED)
                        .collect(Collectors.toMap(LeadEvent::leadId, LeadEvent::occurredAtMillis));
        assertThat(events)
                .allSatisfy(
                        e ->
                                assertThat(e.occurredAtMillis())
                                        .isGreaterThanOrEqualTo(createdAt.get(e.leadId())));
        assertThat(plan.records())
                .isSortedAccordingTo((a, b) -> a.occurredAt().compareTo(b.occurredAt()));
    }

    @Test
    void dealDetailsBecomeSegmentOwnerLeadTypeAndAmount() {
        LeadEvent won = event("olist:won:58caf27a48e7930aefd5437298d64a70");
        assertThat(won.opportunity().amount()).isEqualTo(30000.0);
        assertThat(won.opportunity().currency()).isEqualTo("BRL");
        assertThat(won.opportunity().leadType()).isEqualTo("online_medium");
        assertThat(
                        event("olist:segment:58caf27a48e7930aefd5437298d64a70")
                                .updated()
                                .firmographics()
                                .segment())
                .isEqualTo("bed_bath_table");
        assertThat(event("olist:assigned:58caf27a48e7930aefd5437298d64a70").assignment().owner())
                .isEqualTo("34d40cdaf94010a1d05b0d6212f9e909");
        // declared_monthly_revenue 0.0 means "not declared": no amount at all.
        LeadEvent undeclared = event("olist:won:5420aad7fec3549a85876ba1c529bd84");
        assertThat(undeclared.opportunity().amount()).isNull();
        assertThat(undeclared.opportunity().currency()).isNull();
    }

    @Test
    void reportsTheRightCensoredLateCohorts() {
        assertThat(plan.firstContactFrom()).isEqualTo(LocalDate.parse("2017-06-14"));
        assertThat(plan.firstContactTo()).isEqualTo(LocalDate.parse("2018-05-31"));
        assertThat(plan.lastWonAt()).isEqualTo(Instant.parse("2018-11-14T18:04:19Z"));
        assertThat(plan.winsAfterLastContact()).isPositive();
    }

    @Test
    void convertingTwiceGivesTheSameBytes() throws Exception {
        OlistReplayPlan again = new OlistFunnel().read(OlistDataset.dir());
        assertThat(again.records().stream().map(ReplayRecord::valueAsString).toList())
                .isEqualTo(plan.records().stream().map(ReplayRecord::valueAsString).toList());
        Set<String> keys = new HashSet<>();
        plan.records().forEach(r -> keys.add(r.key()));
        assertThat(keys).hasSize(8000);
    }

    private static long count(EventType type) {
        return events.stream().filter(e -> e.type() == type).count();
    }

    private static LeadEvent event(String eventId) {
        return events.stream().filter(e -> e.eventId().equals(eventId)).findFirst().orElseThrow();
    }
}
