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
import java.util.List;

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

    private static final String PAGE_VIEW = "{\"kind\":\"page_view\",\"direction\":\"inbound\"}";

    /** An activity whose leadId is exactly these bytes, the rest plain ASCII. */
    private static byte[] withLeadIdBytes(byte... leadId) {
        byte[] head =
                "{\"eventId\":\"e-1\",\"type\":\"activity\",\"leadId\":\"L-"
                        .getBytes(StandardCharsets.US_ASCII);
        byte[] tail =
                ("\",\"occurredAt\":\"2026-03-01T09:30:00Z\",\"source\":\"web\","
                                + "\"schemaVersion\":1,\"payload\":"
                                + PAGE_VIEW
                                + "}")
                        .getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[head.length + leadId.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(leadId, 0, all, head.length, leadId.length);
        System.arraycopy(tail, 0, all, head.length + leadId.length, tail.length);
        return all;
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    @Test
    void rejectsMalformedUtf8BeforeAnyoneDecodesIt() {
        Rejection surrogate = parser.parse(withLeadIdBytes(bytes(0xED, 0xA0, 0x80))).rejection();
        assertThat(surrogate.reason()).isEqualTo(RejectReason.INVALID_UTF8);
        assertThat(surrogate.message()).contains("ED A0 80").contains("surrogate");

        Rejection overlong = parser.parse(withLeadIdBytes(bytes(0xC0, 0xAF))).rejection();
        assertThat(overlong.reason()).isEqualTo(RejectReason.INVALID_UTF8);
        assertThat(overlong.message()).contains("C0 AF").contains("overlong");

        assertThat(parser.parse(withLeadIdBytes(bytes(0xFF))).rejection().reason())
                .isEqualTo(RejectReason.INVALID_UTF8);
        assertThat(parser.parse(withLeadIdBytes(bytes(0xE2, 0x82))).rejection().reason())
                .as("a sequence cut short by the closing quote")
                .isEqualTo(RejectReason.INVALID_UTF8);
    }

    @Test
    void rejectsUtf16AndUtf32ThatAParserWouldOtherwiseGuess() {
        String json = event("activity", "L-\u00e9", "2026-03-01T09:30:00Z", PAGE_VIEW);
        for (java.nio.charset.Charset charset :
                List.of(
                        StandardCharsets.UTF_16LE,
                        StandardCharsets.UTF_16BE,
                        java.nio.charset.Charset.forName("UTF-32LE"),
                        java.nio.charset.Charset.forName("UTF-32BE"))) {
            Rejection r = parser.parse(json.getBytes(charset)).rejection();
            assertThat(r).as(charset.name()).isNotNull();
            assertThat(r.reason()).as(charset.name()).isEqualTo(RejectReason.INVALID_UTF8);
            assertThat(r.message()).contains("NUL byte");
        }
        assertThat(parse(json).isAccepted()).as("the same event in UTF-8").isTrue();
    }

    @Test
    void rejectsEscapedHalfSurrogatesInValuesAndKeys() {
        Rejection value =
                parse(event("activity", "L-\\ud800", "2026-03-01T09:30:00Z", PAGE_VIEW))
                        .rejection();
        assertThat(value.reason()).isEqualTo(RejectReason.INVALID_UTF8);
        assertThat(value.message()).contains("$.leadId").contains("\\ud800");

        Rejection lowHalf =
                parse(event("activity", "L-\\udc00x", "2026-03-01T09:30:00Z", PAGE_VIEW))
                        .rejection();
        assertThat(lowHalf.reason()).isEqualTo(RejectReason.INVALID_UTF8);

        Rejection key =
                parse(
                                event(
                                        "activity",
                                        "L-1",
                                        "2026-03-01T09:30:00Z",
                                        "{\"kind\":\"page_view\",\"direction\":\"inbound\","
                                                + "\"x\\ud800\":1}"))
                        .rejection();
        assertThat(key.reason()).isEqualTo(RejectReason.INVALID_UTF8);
        assertThat(key.message()).contains("(the key)");
    }

    @Test
    void distinctLeadIdsStayDistinct() {
        // 60 leads whose ids differ only in a lone surrogate used to become 30 rows: each one is
        // refused now, and whole characters outside the BMP pass unchanged.
        java.util.Set<String> accepted = new java.util.HashSet<>();
        for (int i = 0; i < 60; i++) {
            String escaped = String.format("L-\\u%04x", 0xD800 + i);
            assertThat(
                            parse(event("activity", escaped, "2026-03-01T09:30:00Z", PAGE_VIEW))
                                    .rejection()
                                    .reason())
                    .isEqualTo(RejectReason.INVALID_UTF8);
            String whole = new String(Character.toChars(0x1F600 + i));
            ParseOutcome ok =
                    parse(event("activity", "L-" + whole, "2026-03-01T09:30:00Z", PAGE_VIEW));
            assertThat(ok.isAccepted()).isTrue();
            accepted.add(ok.event().leadId());
        }
        assertThat(accepted).hasSize(60);
        assertThat(
                        parse(
                                        event(
                                                "activity",
                                                "L-\\ud83d\\ude00",
                                                "2026-03-01T09:30:00Z",
                                                PAGE_VIEW))
                                .event()
                                .leadId())
                .as("an escaped surrogate pair is one character")
                .isEqualTo("L-\uD83D\uDE00");
    }

    @Test
    void rejectsDuplicateKeys() {
        Rejection top =
                parse(
                                "{\"eventId\":\"e-1\",\"type\":\"activity\",\"leadId\":\"A\","
                                        + "\"leadId\":\"B\",\"occurredAt\":\"2026-03-01T09:30:00Z\","
                                        + "\"source\":\"web\",\"schemaVersion\":1,\"payload\":"
                                        + PAGE_VIEW
                                        + "}")
                        .rejection();
        assertThat(top.reason()).isEqualTo(RejectReason.SCHEMA_VIOLATION);
        assertThat(top.message()).contains("duplicate key 'leadId'");

        Rejection nested =
                parse(
                                event(
                                        "opportunity",
                                        "L1",
                                        "2026-03-01T09:30:00Z",
                                        "{\"action\":\"won\",\"opportunityId\":\"o1\",\"amount\":10,"
                                                + "\"currency\":\"USD\",\"amount\":1000000}"))
                        .rejection();
        assertThat(nested.reason()).isEqualTo(RejectReason.SCHEMA_VIOLATION);
        assertThat(nested.message()).contains("duplicate key 'amount'");
    }

    @Test
    void rejectsNumbersThatAreNotFiniteOrOutOfRange() {
        Rejection infinite =
                parse(
                                event(
                                        "opportunity",
                                        "L1",
                                        "2026-03-01T09:30:00Z",
                                        "{\"action\":\"won\",\"opportunityId\":\"o1\",\"amount\":1e400,"
                                                + "\"currency\":\"USD\"}"))
                        .rejection();
        assertThat(infinite.reason()).isEqualTo(RejectReason.SCHEMA_VIOLATION);
        assertThat(infinite.message()).contains("$.payload.amount").contains("not a finite number");

        Rejection huge =
                parse(
                                event(
                                        "opportunity",
                                        "L1",
                                        "2026-03-01T09:30:00Z",
                                        "{\"action\":\"won\",\"opportunityId\":\"o1\",\"amount\":2e12,"
                                                + "\"currency\":\"USD\"}"))
                        .rejection();
        assertThat(huge.reason()).isEqualTo(RejectReason.SCHEMA_VIOLATION);
        assertThat(huge.message()).contains("amount");

        Rejection spend =
                parse(
                                "{\"eventId\":\"c-1\",\"type\":\"campaign.cost\","
                                        + "\"occurredAt\":\"2026-03-01T09:30:00Z\",\"source\":\"ads\","
                                        + "\"schemaVersion\":1,\"payload\":{\"day\":\"2026-03-01\","
                                        + "\"leadSource\":\"g\",\"campaign\":\"c\",\"amount\":-1e400,"
                                        + "\"currency\":\"EUR\"}}")
                        .rejection();
        assertThat(spend.reason()).isEqualTo(RejectReason.SCHEMA_VIOLATION);
        assertThat(spend.message()).contains("not a finite number");

        Rejection employees =
                parse(
                                event(
                                        "lead.updated",
                                        "L1",
                                        "2026-03-01T09:30:00Z",
                                        "{\"firmographics\":{\"employees\":99999999999999999999999}}"))
                        .rejection();
        assertThat(employees.reason()).isEqualTo(RejectReason.SCHEMA_VIOLATION);
        assertThat(employees.message()).contains("employees");
    }

    @Test
    void spendDaysObeyThePlausibleRangeToo() {
        java.util.function.Function<String, ParseOutcome> spendOn =
                day ->
                        parse(
                                "{\"eventId\":\"c-1\",\"type\":\"campaign.cost\","
                                        + "\"occurredAt\":\"2026-03-01T09:30:00Z\",\"source\":\"ads\","
                                        + "\"schemaVersion\":1,\"payload\":{\"day\":\""
                                        + day
                                        + "\",\"leadSource\":\"g\",\"campaign\":\"c\",\"amount\":5,"
                                        + "\"currency\":\"EUR\"}}");
        assertThat(spendOn.apply("1970-01-01").rejection().reason())
                .as("stored as 0000-00-00 otherwise")
                .isEqualTo(RejectReason.ABSURD_TIMESTAMP);
        assertThat(spendOn.apply("1969-12-31").rejection().reason())
                .isEqualTo(RejectReason.ABSURD_TIMESTAMP);
        assertThat(spendOn.apply("2026-06-03").rejection().reason())
                .isEqualTo(RejectReason.ABSURD_TIMESTAMP);
        assertThat(spendOn.apply("2026-06-02").isAccepted()).isTrue();
        assertThat(spendOn.apply("2000-01-01").isAccepted()).isTrue();
    }
}
