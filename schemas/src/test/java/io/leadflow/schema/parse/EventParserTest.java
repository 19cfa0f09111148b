package io.leadflow.schema.parse;

import io.leadflow.schema.event.EventType;
import io.leadflow.schema.event.LeadEvent;
import io.leadflow.schema.event.LeadStatus;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class EventParserTest {

    private static final Clock NOW =
            Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC);
    private final EventParser parser = new EventParser(NOW);

    private static String event(String type, String leadId, String occurredAt, String payload) {
        return "{\"eventId\":\"e-1\",\"type\":\""
                + type
                + "\","
                + (leadId == null ? "" : "\"leadId\":\"" + leadId + "\",")
                + "\"occurredAt\":\""
                + occurredAt
                + "\",\"source\":\"web\",\"schemaVersion\":1,\"payload\":"
                + payload
                + "}";
    }

    private ParseOutcome parse(String json) {
        return parser.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void acceptsACompleteLeadCreated() {
        ParseOutcome outcome =
                parse(
                        event(
                                "lead.created",
                                "L1",
                                "2026-03-01T09:30:00Z",
                                "{\"channel\":\"web_form\",\"leadSource\":\"google_ads\","
                                        + "\"campaign\":\"spring\",\"owner\":\"rep-1\","
                                        + "\"firmographics\":{\"company\":\"Acme\",\"employees\":50,\"country\":\"DE\"},"
                                        + "\"contact\":{\"email\":\"a@example.com\"}}"));
        assertThat(outcome.rejection()).isNull();
        LeadEvent e = outcome.event();
        assertThat(e.type()).isEqualTo(EventType.LEAD_CREATED);
        assertThat(e.leadId()).isEqualTo("L1");
        assertThat(e.occurredAtMillis())
                .isEqualTo(Instant.parse("2026-03-01T09:30:00Z").toEpochMilli());
        assertThat(e.created().leadSource()).isEqualTo("google_ads");
        assertThat(e.created().firmographics().employees()).isEqualTo(50);
        assertThat(e.created().effectiveInitialStatus()).isEqualTo(LeadStatus.INQUIRY);
    }

    @Test
    void acceptsOffsetsAndFractionsAndEveryType() {
        assertThat(
                        parse(
                                        event(
                                                "lead.status_changed",
                                                "L1",
                                                "2026-03-01T10:30:00.250+02:00",
                                                "{\"status\":\"DISQUALIFIED\",\"reason\":\"no budget\"}"))
                                .event()
                                .occurredAtMillis())
                .isEqualTo(Instant.parse("2026-03-01T08:30:00.250Z").toEpochMilli());
        assertThat(
                        parse(
                                        event(
                                                "activity",
                                                "L1",
                                                "2026-03-01T09:30:00Z",
                                                "{\"kind\":\"call\",\"direction\":\"outbound\",\"actor\":\"rep-1\",\"disposition\":\"connected\"}"))
                                .event()
                                .activity()
                                .connected())
                .isTrue();
        assertThat(
                        parse(
                                        event(
                                                "campaign.cost",
                                                null,
                                                "2026-03-02T00:00:00Z",
                                                "{\"day\":\"2026-03-01\",\"leadSource\":\"google_ads\",\"campaign\":\"spring\",\"amount\":120.5,\"currency\":\"EUR\"}"))
                                .event()
                                .campaignCost()
                                .amount())
                .isEqualTo(120.5);
        assertThat(
                        parse(
                                        event(
                                                "opportunity",
                                                "L1",
                                                "2026-03-01T09:30:00Z",
                                                "{\"action\":\"won\",\"opportunityId\":\"o1\",\"amount\":1000,\"currency\":\"USD\"}"))
                                .event()
                                .opportunity()
                                .impliedStatus())
                .isEqualTo(LeadStatus.WON);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "garbage | not json at all | NOT_JSON | not JSON",
                "truncated | {\"eventId\":\"x\",\"type\" | NOT_JSON | not JSON",
                "array | [1,2] | SCHEMA_VIOLATION | expected a JSON object, got array",
                "unknown type | {\"eventId\":\"x\",\"type\":\"lead.deleted\",\"leadId\":\"L\"} | UNKNOWN_TYPE | unknown event type 'lead.deleted'",
                "no lead id | {\"eventId\":\"x\",\"type\":\"activity\",\"occurredAt\":\"2026-03-01T09:30:00Z\"} | MISSING_LEAD_ID | activity event without a leadId",
                "blank lead id | {\"eventId\":\"x\",\"type\":\"activity\",\"leadId\":\" \"} | MISSING_LEAD_ID | without a leadId",
            })
    void rejectsWithAPreciseReason(String name, String json, RejectReason reason, String message) {
        ParseOutcome outcome = parse(json);
        assertThat(outcome.event()).isNull();
        assertThat(outcome.rejection().reason()).isEqualTo(reason);
        assertThat(outcome.rejection().message()).contains(message);
    }

    @Test
    void schemaViolationsNameTheField() {
        Rejection missing =
                parse(event("lead.created", "L1", "2026-03-01T09:30:00Z", "{\"leadSource\":\"x\"}"))
                        .rejection();
        assertThat(missing.reason()).isEqualTo(RejectReason.SCHEMA_VIOLATION);
        assertThat(missing.message()).contains("lead.created").contains("channel");

        Rejection badEnum =
                parse(
                                event(
                                        "lead.status_changed",
                                        "L1",
                                        "2026-03-01T09:30:00Z",
                                        "{\"status\":\"HOT\"}"))
                        .rejection();
        assertThat(badEnum.message()).contains("$.payload.status");

        Rejection noReason =
                parse(
                                event(
                                        "lead.status_changed",
                                        "L1",
                                        "2026-03-01T09:30:00Z",
                                        "{\"status\":\"DISQUALIFIED\"}"))
                        .rejection();
        assertThat(noReason.reason()).isEqualTo(RejectReason.SCHEMA_VIOLATION);
        assertThat(noReason.message()).contains("reason");

        Rejection badTime =
                parse(
                                event(
                                        "activity",
                                        "L1",
                                        "yesterday",
                                        "{\"kind\":\"page_view\",\"direction\":\"inbound\"}"))
                        .rejection();
        assertThat(badTime.reason()).isEqualTo(RejectReason.SCHEMA_VIOLATION);
        assertThat(badTime.message()).contains("occurredAt");

        Rejection extra =
                parse(
                                event(
                                        "activity",
                                        "L1",
                                        "2026-03-01T09:30:00Z",
                                        "{\"kind\":\"page_view\",\"direction\":\"inbound\",\"colour\":\"red\"}"))
                        .rejection();
        assertThat(extra.message()).contains("colour");

        Rejection outboundWithoutDisposition =
                parse(
                                event(
                                        "activity",
                                        "L1",
                                        "2026-03-01T09:30:00Z",
                                        "{\"kind\":\"call\",\"direction\":\"outbound\"}"))
                        .rejection();
        assertThat(outboundWithoutDisposition.message()).contains("disposition");
    }

    @Test
    void rejectsAbsurdTimestamps() {
        String payload = "{\"kind\":\"page_view\",\"direction\":\"inbound\"}";
        assertThat(
                        parse(event("activity", "L1", "1970-01-01T00:00:00Z", payload))
                                .rejection()
                                .reason())
                .isEqualTo(RejectReason.ABSURD_TIMESTAMP);
        assertThat(
                        parse(event("activity", "L1", "2999-01-01T00:00:00Z", payload))
                                .rejection()
                                .reason())
                .isEqualTo(RejectReason.ABSURD_TIMESTAMP);
        assertThat(parse(event("activity", "L1", "2026-06-01T12:00:00Z", payload)).isAccepted())
                .as("within the one-day tolerance for producer clock skew")
                .isTrue();
    }

    @Test
    void rejectsOversizedRecordsWithoutParsingThem() {
        byte[] huge = new byte[EventParser.MAX_RECORD_BYTES + 1];
        assertThat(parser.parse(huge).rejection().reason()).isEqualTo(RejectReason.TOO_LARGE);
        assertThat(parser.parse(new byte[0]).rejection().reason()).isEqualTo(RejectReason.NOT_JSON);
    }
}
