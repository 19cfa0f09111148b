package io.leadflow.generator.replay;

import io.leadflow.schema.event.EventType;
import io.leadflow.schema.event.LeadEvent;
import io.leadflow.schema.event.LeadStatus;
import io.leadflow.schema.parse.EventParser;
import io.leadflow.schema.parse.ParseOutcome;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The converter on the real {@code Leads.csv}: counts against the data set's README, the outcome of
 * every converted lead, the caps, determinism. Schema validity is {@code
 * XEducationSchemaConformanceTest}'s.
 */
@NeedsDatasets(NeedsDatasets.X_EDUCATION)
class XEducationLeadsDatasetTest {

    private static XEducationReplayPlan plan;
    private static List<LeadEvent> events;

    @BeforeAll
    static void convert() throws Exception {
        plan = new XEducationLeads().read(XEducationDataset.file());
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
    void everyRowIsOneLeadInTheFunnel() {
        assertThat(plan.leads()).isEqualTo(XEducationDataset.LEADS);
        List<LeadEvent> created = ofType(EventType.LEAD_CREATED);
        assertThat(created).hasSize(XEducationDataset.LEADS);
        assertThat(created.stream().map(LeadEvent::leadId).distinct())
                .hasSize(XEducationDataset.LEADS);
        assertThat(events.stream().map(LeadEvent::leadId).collect(Collectors.toSet()))
                .hasSize(XEducationDataset.LEADS);
        assertThat(created)
                .allSatisfy(
                        e -> {
                            assertThat(e.created().effectiveInitialStatus())
                                    .isEqualTo(LeadStatus.INQUIRY);
                            assertThat(e.created().channel()).isIn("web_form", "other");
                        });
        assertThat(events).allSatisfy(e -> assertThat(e.source()).isEqualTo("import:x-education"));
        assertThat(events.stream().map(LeadEvent::eventId).distinct()).hasSize(events.size());
        assertThat(plan.firstCreatedAt()).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
        assertThat(plan.lastCreatedAt())
                .isEqualTo(
                        Instant.parse("2024-01-01T00:00:00Z")
                                .plus(Duration.ofMinutes(9_239L * 20)));
    }

    @Test
    void everyConvertedLeadReachesSqlAndIsWonAndNoOtherLeadIs() {
        assertThat(plan.converted()).isEqualTo(XEducationDataset.CONVERTED);
        Set<String> sql =
                ofType(EventType.LEAD_STATUS_CHANGED).stream()
                        .filter(e -> e.statusChange().status() == LeadStatus.SQL)
                        .map(LeadEvent::leadId)
                        .collect(Collectors.toSet());
        Set<String> won =
                ofType(EventType.OPPORTUNITY).stream()
                        .filter(e -> e.opportunity().action().equals("won"))
                        .map(LeadEvent::leadId)
                        .collect(Collectors.toSet());
        Set<String> opened =
                ofType(EventType.OPPORTUNITY).stream()
                        .filter(e -> e.opportunity().action().equals("created"))
                        .map(LeadEvent::leadId)
                        .collect(Collectors.toSet());
        assertThat(sql).hasSize(XEducationDataset.CONVERTED).isEqualTo(won).isEqualTo(opened);
        assertThat(ofType(EventType.LEAD_STATUS_CHANGED)).hasSize(XEducationDataset.CONVERTED);
        assertThat(ofType(EventType.OPPORTUNITY)).hasSize(2 * XEducationDataset.CONVERTED);
    }

    @Test
    void activitiesConsentAndCapsAsCountedFromTheFile() {
        // Counted from the file with Python's csv and decimal modules (round half up).
        assertThat(plan.pageViews()).isEqualTo(116_808);
        assertThat(plan.pageViewsCapped()).hasSize(19);
        assertThat(plan.siteTime()).isEqualTo(18_813);
        assertThat(plan.siteTimeCapped()).isEmpty();
        assertThat(plan.downloads()).isEqualTo(2_888);
        assertThat(ofType(EventType.ACTIVITY)).hasSize((int) plan.activities());
        // Do Not Email: 734 Yes, Do Not Call: 2 Yes, never both.
        assertThat(plan.consentChanges()).isEqualTo(736);
        assertThat(ofType(EventType.LEAD_UPDATED)).hasSize(736);
        assertThat(plan.records()).hasSize(9_240 + 736 + 138_509 + 3 * 3_561);
    }

    @Test
    void leadSourcesAreNormalisedAndCountriesAreIsoCodes() {
        assertThat(plan.leadSources())
                .containsEntry("google", 2_873L)
                .containsEntry("direct_traffic", 2_543L)
                .containsEntry("olark_chat", 1_755L)
                .containsEntry("", 36L)
                .doesNotContainKey("Google");
        assertThat(plan.leadSources().values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(XEducationDataset.LEADS);
        assertThat(plan.unmappedCountries())
                .isEqualTo(Map.of("unknown", 5L, "Asia/Pacific Region", 2L));
        Map<String, Long> countries =
                ofType(EventType.LEAD_CREATED).stream()
                        .filter(e -> e.created().firmographics() != null)
                        .filter(e -> e.created().firmographics().country() != null)
                        .collect(
                                Collectors.groupingBy(
                                        e -> e.created().firmographics().country(),
                                        Collectors.counting()));
        assertThat(countries).containsEntry("IN", 6_492L).containsEntry("US", 69L);
        assertThat(countries.values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(9_240 - 2_461 - 5 - 2);
    }

    @Test
    void noLeadIsTouchedBeforeItExistsAndRecordsAreInEventTimeOrder() {
        Map<String, Long> createdAt =
                ofType(EventType.LEAD_CREATED).stream()
                        .collect(Collectors.toMap(LeadEvent::leadId, LeadEvent::occurredAtMillis));
        assertThat(events)
                .filteredOn(e -> e.type() != EventType.LEAD_CREATED)
                .allSatisfy(
                        e ->
                                assertThat(e.occurredAtMillis())
                                        .isGreaterThan(createdAt.get(e.leadId())));
        assertThat(plan.records())
                .isSortedAccordingTo((a, b) -> a.occurredAt().compareTo(b.occurredAt()));
    }

    @Test
    void convertingTwiceGivesTheSameBytes() throws Exception {
        XEducationReplayPlan again = new XEducationLeads().read(XEducationDataset.file());
        assertThat(again.records().stream().map(ReplayRecord::valueAsString).toList())
                .isEqualTo(plan.records().stream().map(ReplayRecord::valueAsString).toList());
    }

    private static List<LeadEvent> ofType(EventType type) {
        return events.stream().filter(e -> e.type() == type).toList();
    }
}
