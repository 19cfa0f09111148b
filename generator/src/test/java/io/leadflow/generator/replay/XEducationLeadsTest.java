package io.leadflow.generator.replay;

import io.leadflow.schema.event.EventType;
import io.leadflow.schema.event.LeadEvent;
import io.leadflow.schema.event.LeadStatus;
import io.leadflow.schema.parse.EventParser;
import io.leadflow.schema.parse.ParseOutcome;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The X Education conversion on small inline files: every rule and edge case, no data set. */
class XEducationLeadsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The columns the converter reads, plus two it must ignore (they leak the outcome). */
    private static final String HEADER =
            "Prospect ID,Lead Number,Lead Origin,Lead Source,Do Not Email,Do Not Call,Converted,"
                    + "TotalVisits,Total Time Spent on Website,Page Views Per Visit,Country,"
                    + "Specialization,What is your current occupation,Tags,"
                    + "A free copy of Mastering The Interview,Last Notable Activity";

    private static final String FULL =
            "p-full,1,Landing Page Submission, Google ,No,No,1,5,674,2.5,India,\"Banking,"
                    + " Investment And Insurance\",Working Professional,Will revert after reading"
                    + " the email,Yes,Had a Phone Conversation";
    private static final String EMPTY = "p-empty,2,Select,,,,0,,0,,,Select,,,No,Modified";
    private static final String NO_EMAIL =
            "p-no-email,3,API,google,Yes,No,0,1,300,1,unknown,E-COMMERCE,Student,,No,";
    private static final String NO_CALL =
            "p-no-call,4,Lead Import,Facebook,No,Yes,0,251,30001,5.5,Asia/Pacific Region,,"
                    + "Unemployed,,No,";

    private final EventParser parser = new EventParser();

    private static XEducationReplayPlan convert(String... rows) {
        // CRLF like the real file.
        String text = HEADER + "\r\n" + String.join("\r\n", rows) + "\r\n";
        return new XEducationLeads().convert(CsvTable.parse(text, XEducationLeads.FILE));
    }

    private List<LeadEvent> events(XEducationReplayPlan plan) {
        List<LeadEvent> events = new ArrayList<>();
        for (ReplayRecord r : plan.records()) {
            ParseOutcome outcome = parser.parse(r.value());
            assertThat(outcome.rejection()).as(r.valueAsString()).isNull();
            events.add(outcome.event());
        }
        return events;
    }

    private static JsonNode payload(XEducationReplayPlan plan, String eventId) throws Exception {
        ReplayRecord record =
                plan.records().stream()
                        .filter(r -> r.eventId().equals(eventId))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError("no event " + eventId));
        return JSON.readTree(record.value()).get("payload");
    }

    private static boolean has(XEducationReplayPlan plan, String eventId) {
        return plan.records().stream().anyMatch(r -> r.eventId().equals(eventId));
    }

    @Test
    void leadsAreCreatedTwentyMinutesApartInFileOrder() {
        XEducationReplayPlan plan = convert(FULL, EMPTY, NO_EMAIL);
        List<LeadEvent> created =
                events(plan).stream().filter(e -> e.type() == EventType.LEAD_CREATED).toList();
        assertThat(created)
                .extracting(LeadEvent::leadId)
                .containsExactly("p-full", "p-empty", "p-no-email");
        assertThat(created)
                .extracting(e -> Instant.ofEpochMilli(e.occurredAtMillis()))
                .containsExactly(
                        Instant.parse("2024-01-01T00:00:00Z"),
                        Instant.parse("2024-01-01T00:20:00Z"),
                        Instant.parse("2024-01-01T00:40:00Z"));
        assertThat(plan.firstCreatedAt()).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
        assertThat(plan.lastCreatedAt()).isEqualTo(Instant.parse("2024-01-01T00:40:00Z"));
        assertThat(XEducationLeads.createdAt(9_239))
                .isEqualTo(Instant.parse("2024-01-01T00:00:00Z").plus(Duration.ofMinutes(184_780)));
    }

    @Test
    void theCaptureCarriesChannelOriginSourceAndFirmographics() throws Exception {
        XEducationReplayPlan plan = convert(FULL);
        assertThat(payload(plan, "x-education:created:p-full"))
                .isEqualTo(
                        JSON.readTree(
                                "{\"channel\":\"web_form\",\"leadSource\":\"google\","
                                        + "\"medium\":\"landing_page_submission\","
                                        + "\"initialStatus\":\"INQUIRY\",\"firmographics\":"
                                        + "{\"country\":\"IN\","
                                        + "\"industry\":\"banking_investment_and_insurance\","
                                        + "\"segment\":\"working_professional\"}}"));
        LeadEvent created = events(plan).get(0);
        assertThat(created.source()).isEqualTo("import:x-education");
        assertThat(created.created().effectiveInitialStatus()).isEqualTo(LeadStatus.INQUIRY);
    }

    @Test
    void selectAndEmptyFieldsAreLeftOutAndEveryLeadStartsAsInquiry() throws Exception {
        XEducationReplayPlan plan = convert(EMPTY, NO_EMAIL, NO_CALL);
        // Nothing chosen anywhere: no source, no medium, no firmographics at all.
        assertThat(payload(plan, "x-education:created:p-empty"))
                .isEqualTo(JSON.readTree("{\"channel\":\"other\",\"initialStatus\":\"INQUIRY\"}"));
        // "unknown" is no country; the other fields stay.
        assertThat(payload(plan, "x-education:created:p-no-email"))
                .isEqualTo(
                        JSON.readTree(
                                "{\"channel\":\"other\",\"leadSource\":\"google\","
                                        + "\"medium\":\"api\",\"initialStatus\":\"INQUIRY\","
                                        + "\"firmographics\":{\"industry\":\"e_commerce\","
                                        + "\"segment\":\"student\"}}"));
        // A list import, yet in the funnel: channel other (never list_import), INQUIRY explicit.
        JsonNode imported = payload(plan, "x-education:created:p-no-call");
        assertThat(imported.get("channel").asText()).isEqualTo("other");
        assertThat(imported.get("medium").asText()).isEqualTo("lead_import");
        assertThat(imported.get("firmographics").has("country")).isFalse();
        assertThat(plan.unmappedCountries())
                .isEqualTo(Map.of("Asia/Pacific Region", 1L, "unknown", 1L));
        assertThat(events(plan))
                .filteredOn(e -> e.type() == EventType.LEAD_CREATED)
                .allSatisfy(
                        e ->
                                assertThat(e.created().effectiveInitialStatus())
                                        .isEqualTo(LeadStatus.INQUIRY));
    }

    @Test
    void leadSourcesDifferingOnlyInCaseAndSpacingAreOne() {
        XEducationReplayPlan plan =
                convert(
                        FULL,
                        NO_EMAIL,
                        "p-olark,5,API,Olark Chat,No,No,0,0,0,0,,,,,No,",
                        "p-press,6,API,Press_Release,No,No,0,0,0,0,,,,,No,");
        assertThat(plan.leadSources())
                .containsExactly(
                        Map.entry("google", 2L),
                        Map.entry("olark_chat", 1L),
                        Map.entry("press_release", 1L));
        assertThat(XEducationLeads.snake("Pay per Click Ads")).isEqualTo("pay_per_click_ads");
        assertThat(XEducationLeads.snake(" Select ")).isEmpty();
    }

    @Test
    void doNotEmailAndDoNotCallWithdrawOnlyTheirConsentOneSecondAfterCreation() throws Exception {
        XEducationReplayPlan plan = convert(FULL, NO_EMAIL, NO_CALL);
        assertThat(payload(plan, "x-education:consent:p-no-email"))
                .isEqualTo(JSON.readTree("{\"consent\":{\"email\":false}}"));
        assertThat(payload(plan, "x-education:consent:p-no-call"))
                .isEqualTo(JSON.readTree("{\"consent\":{\"phone\":false}}"));
        assertThat(has(plan, "x-education:consent:p-full")).isFalse();
        assertThat(plan.consentChanges()).isEqualTo(2);
        LeadEvent update =
                events(plan).stream()
                        .filter(e -> e.eventId().equals("x-education:consent:p-no-email"))
                        .findFirst()
                        .orElseThrow();
        assertThat(update.updated().emailConsent()).isFalse();
        assertThat(update.updated().phoneConsent()).isNull();
        assertThat(Instant.ofEpochMilli(update.occurredAtMillis()))
                .isEqualTo(XEducationLeads.createdAt(1).plusSeconds(1));
    }

    @Test
    void pagesAreVisitsTimesPagesPerVisitRoundedHalfUpEmptyIsZeroAndBothKindsAreCapped() {
        assertThat(XEducationLeads.pageViews("5", "2.5", "p")).isEqualTo(13);
        assertThat(XEducationLeads.pageViews("3", "1.17", "p")).isEqualTo(4);
        assertThat(XEducationLeads.pageViews("", "", "p")).isZero();
        assertThat(XEducationLeads.pageViews("4", "", "p")).isZero();
        assertThat(XEducationLeads.siteTimeUnits("0", "p")).isZero();
        assertThat(XEducationLeads.siteTimeUnits("1", "p")).isEqualTo(1);
        assertThat(XEducationLeads.siteTimeUnits("300", "p")).isEqualTo(1);
        assertThat(XEducationLeads.siteTimeUnits("301", "p")).isEqualTo(2);
        assertThat(XEducationLeads.siteTimeUnits("", "p")).isZero();

        XEducationReplayPlan plan = convert(FULL, EMPTY, NO_EMAIL, NO_CALL);
        // FULL: 13 pages, 674 s = 3 units, the e-book; EMPTY: nothing; NO_EMAIL: 1 page, 1 unit;
        // NO_CALL: 251 x 5.5 = 1381 pages and 30001 s = 101 units, both capped.
        assertThat(plan.pageViews()).isEqualTo(13 + 1 + 200);
        assertThat(plan.siteTime()).isEqualTo(3 + 1 + 100);
        assertThat(plan.downloads()).isEqualTo(1);
        assertThat(plan.pageViewsCapped()).containsExactly("p-no-call");
        assertThat(plan.siteTimeCapped()).containsExactly("p-no-call");
        List<LeadEvent> activities =
                events(plan).stream().filter(e -> e.type() == EventType.ACTIVITY).toList();
        assertThat(activities).hasSize(13 + 1 + 200 + 3 + 1 + 100 + 1);
        assertThat(activities.stream().filter(e -> e.leadId().equals("p-empty"))).isEmpty();
    }

    @Test
    void engagementIsInboundInterleavedAndAtDistinctTimesInsideTwoDaysAfterCreation() {
        XEducationReplayPlan plan = convert(FULL, NO_CALL);
        List<LeadEvent> events = events(plan);
        for (String leadId : List.of("p-full", "p-no-call")) {
            long created =
                    events.stream()
                            .filter(
                                    e ->
                                            e.leadId().equals(leadId)
                                                    && e.type() == EventType.LEAD_CREATED)
                            .findFirst()
                            .orElseThrow()
                            .occurredAtMillis();
            List<LeadEvent> touches =
                    events.stream()
                            .filter(e -> e.leadId().equals(leadId))
                            .filter(e -> e.type() == EventType.ACTIVITY)
                            .toList();
            assertThat(touches)
                    .allSatisfy(
                            e -> {
                                assertThat(e.activity().direction()).isEqualTo("inbound");
                                // After the consent change at +1 s, inside the 48 hours.
                                assertThat(e.occurredAtMillis() - created)
                                        .isGreaterThan(1_000)
                                        .isLessThan(Duration.ofHours(48).toMillis());
                            });
            assertThat(touches.stream().map(LeadEvent::occurredAtMillis).distinct())
                    .hasSize(touches.size());
        }
        List<LeadEvent> full =
                events.stream()
                        .filter(e -> e.leadId().equals("p-full"))
                        .filter(e -> e.type() == EventType.ACTIVITY)
                        .toList();
        // 13 pages, 3 units of site time and the e-book, each kind spread over the two days.
        assertThat(full)
                .extracting(e -> e.activity().kind() + " " + e.activity().url())
                .containsExactly(
                        "page_view x-education:page",
                        "page_view x-education:page",
                        "page_view x-education:site_time",
                        "page_view x-education:page",
                        "page_view x-education:page",
                        "page_view x-education:page",
                        "page_view x-education:page",
                        "page_view x-education:page",
                        "page_view x-education:site_time",
                        "content_download x-education:mastering_the_interview",
                        "page_view x-education:page",
                        "page_view x-education:page",
                        "page_view x-education:page",
                        "page_view x-education:page",
                        "page_view x-education:site_time",
                        "page_view x-education:page",
                        "page_view x-education:page");
        // 17 activities: slot k at k x 48 h / 18.
        assertThat(full.get(0).occurredAtMillis())
                .isEqualTo(XEducationLeads.createdAt(0).plusSeconds(9_600).toEpochMilli());
        assertThat(full.get(16).occurredAtMillis())
                .isEqualTo(XEducationLeads.createdAt(0).plusSeconds(163_200).toEpochMilli());
    }

    @Test
    void aConvertedLeadReachesSqlAfterAWeekAndIsWonAfterTenDays() throws Exception {
        XEducationReplayPlan plan = convert(FULL, NO_EMAIL);
        assertThat(plan.converted()).isEqualTo(1);
        Instant created = XEducationLeads.createdAt(0);
        List<LeadEvent> outcome =
                events(plan).stream()
                        .filter(e -> e.leadId().equals("p-full"))
                        .filter(
                                e ->
                                        e.type() == EventType.LEAD_STATUS_CHANGED
                                                || e.type() == EventType.OPPORTUNITY)
                        .toList();
        assertThat(outcome).hasSize(3);
        assertThat(outcome.get(0).statusChange().status()).isEqualTo(LeadStatus.SQL);
        assertThat(outcome.get(0).statusChange().reason()).isEqualTo("enrolled");
        assertThat(outcome.get(0).statusChange().actor()).isEqualTo("sales");
        assertThat(outcome.get(0).occurredAtMillis())
                .isEqualTo(created.plus(Duration.ofDays(7)).toEpochMilli());
        assertThat(outcome.get(1).opportunity().action()).isEqualTo("created");
        assertThat(outcome.get(1).occurredAtMillis())
                .isEqualTo(created.plus(Duration.ofDays(10)).toEpochMilli());
        assertThat(outcome.get(2).opportunity().action()).isEqualTo("won");
        assertThat(outcome.get(2).opportunity().stage()).isEqualTo("closed_won");
        assertThat(outcome.get(2).occurredAtMillis())
                .isEqualTo(created.plus(Duration.ofDays(10)).plusSeconds(1).toEpochMilli());
        assertThat(outcome.subList(1, 3))
                .allSatisfy(
                        e -> {
                            assertThat(e.opportunity().opportunityId())
                                    .isEqualTo("x-education:p-full");
                            assertThat(e.opportunity().amount()).isNull();
                        });
        assertThat(payload(plan, "x-education:opportunity_won:p-full").has("amount")).isFalse();
        // Not converted: no outcome event at all.
        assertThat(events(plan))
                .filteredOn(e -> e.leadId().equals("p-no-email"))
                .extracting(LeadEvent::type)
                .doesNotContain(EventType.LEAD_STATUS_CHANGED, EventType.OPPORTUNITY);
    }

    @Test
    void columnsThatLeakTheOutcomeChangeNothing() {
        String other =
                FULL.replace("Will revert after reading the email", "Closed by Horizzon")
                        .replace("Had a Phone Conversation", "Email Opened")
                        .replace(",1,Landing", ",77,Landing");
        assertThat(values(convert(other))).isEqualTo(values(convert(FULL)));
    }

    @Test
    void convertingTwiceGivesTheSameBytesInEventTimeOrderWithDistinctIds() {
        XEducationReplayPlan plan = convert(FULL, EMPTY, NO_EMAIL, NO_CALL);
        assertThat(values(convert(FULL, EMPTY, NO_EMAIL, NO_CALL))).isEqualTo(values(plan));
        assertThat(plan.records())
                .isSortedAccordingTo((a, b) -> a.occurredAt().compareTo(b.occurredAt()));
        assertThat(plan.records().stream().map(ReplayRecord::eventId).distinct())
                .hasSize(plan.records().size());
        assertThat(plan.records())
                .allSatisfy(
                        r ->
                                assertThat(r.topic())
                                        .isEqualTo(
                                                r.eventId().startsWith("x-education:created:")
                                                                || r.eventId()
                                                                        .startsWith(
                                                                                "x-education:consent:")
                                                                || r.eventId()
                                                                        .startsWith(
                                                                                "x-education:sql:")
                                                        ? ReplayRecord.Topic.LEADS
                                                        : ReplayRecord.Topic.ACTIVITIES));
    }

    @Test
    void badValuesAreErrorsNamingTheLeadAndColumn() {
        assertThatThrownBy(() -> convert(FULL.replace(",No,No,1,", ",Maybe,No,1,")))
                .hasMessage("Leads.csv: Prospect ID p-full: Do Not Email 'Maybe' is not Yes or No");
        assertThatThrownBy(() -> convert(FULL.replace(",No,No,1,", ",No,No,,")))
                .hasMessage("Leads.csv: Prospect ID p-full: Converted '' is not 0 or 1");
        assertThatThrownBy(() -> convert(FULL.replace(",5,674,", ",-5,674,")))
                .hasMessage(
                        "Leads.csv: Prospect ID p-full: TotalVisits '-5' is not a number of 0 or"
                                + " more");
        assertThatThrownBy(() -> convert(FULL.replace(",5,674,", ",5,ten,")))
                .hasMessageContaining("Total Time Spent on Website 'ten'");
        assertThatThrownBy(() -> convert(FULL, FULL))
                .hasMessage("Leads.csv: Prospect ID p-full repeats");
        assertThatThrownBy(
                        () ->
                                new XEducationLeads()
                                        .convert(
                                                CsvTable.parse(
                                                        "Prospect ID,Converted\r\np,1\r\n",
                                                        "Leads.csv")))
                .hasMessageStartingWith("Leads.csv: missing column(s) [Lead Origin, Lead Source");
    }

    @Test
    void anEmptyFileIsAnEmptyPlan() {
        XEducationReplayPlan plan =
                new XEducationLeads().convert(CsvTable.parse(HEADER + "\r\n", "Leads.csv"));
        assertThat(plan.records()).isEmpty();
        assertThat(plan.leads()).isZero();
        assertThat(plan.firstCreatedAt()).isNull();
    }

    private static List<String> values(XEducationReplayPlan plan) {
        return plan.records().stream().map(ReplayRecord::valueAsString).toList();
    }
}
