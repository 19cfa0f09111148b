package io.leadflow.schema.parse;

import io.leadflow.schema.event.Activity;
import io.leadflow.schema.event.Assignment;
import io.leadflow.schema.event.CampaignCost;
import io.leadflow.schema.event.EventType;
import io.leadflow.schema.event.Firmographics;
import io.leadflow.schema.event.LeadCreated;
import io.leadflow.schema.event.LeadEvent;
import io.leadflow.schema.event.LeadStatus;
import io.leadflow.schema.event.LeadUpdated;
import io.leadflow.schema.event.OpportunityChange;
import io.leadflow.schema.event.StatusChange;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns raw Kafka record bytes into a {@link LeadEvent} or a {@link Rejection}. Structure is
 * checked by the JSON Schemas in {@code schemas/json} (networknt json-schema-validator, draft
 * 2020-12, with format assertions on); the parser adds what a schema cannot say: that the bytes are
 * strict UTF-8 and every string a whole character sequence, that no key appears twice in an object
 * (a record that says two things means nothing), that every number is finite, that the type is
 * known, that a lead event names its lead, and that its times are plausible. It never throws on
 * input. Instances are thread-safe; build one per operator instance, schemas are loaded once.
 */
public final class EventParser {

    /** Larger than any legitimate event; bigger records are rejected before parsing. */
    public static final int MAX_RECORD_BYTES = 256 * 1024;

    private static final String SCHEMA_PREFIX = "https://leadflow.io/schemas/";
    private static final Instant EARLIEST_PLAUSIBLE = Instant.parse("2000-01-01T00:00:00Z");
    private static final Duration FUTURE_TOLERANCE = Duration.ofDays(1);
    private static final int MAX_MESSAGES = 5;

    private static final String DUPLICATE_FIELD = "Duplicate field ";

    private final ObjectMapper mapper =
            new ObjectMapper()
                    .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private final Map<EventType, JsonSchema> schemas = new EnumMap<>(EventType.class);
    private final Clock clock;

    public EventParser() {
        this(Clock.systemUTC());
    }

    public EventParser(Clock clock) {
        this.clock = clock;
        JsonSchemaFactory factory =
                JsonSchemaFactory.getInstance(
                        SpecVersion.VersionFlag.V202012,
                        builder ->
                                builder.schemaMappers(
                                        mappers ->
                                                mappers.mapPrefix(
                                                        SCHEMA_PREFIX,
                                                        "classpath:leadflow/schemas/")));
        SchemaValidatorsConfig config =
                SchemaValidatorsConfig.builder()
                        .formatAssertionsEnabled(true)
                        .pathType(PathType.JSON_PATH)
                        .build();
        for (EventType type : EventType.values()) {
            JsonSchema schema =
                    factory.getSchema(SchemaLocation.of(SCHEMA_PREFIX + type.schemaFile()), config);
            schema.initializeValidators();
            schemas.put(type, schema);
        }
    }

    public ParseOutcome parse(byte[] raw) {
        if (raw == null || raw.length == 0) {
            return ParseOutcome.rejected(RejectReason.NOT_JSON, "empty record");
        }
        if (raw.length > MAX_RECORD_BYTES) {
            return ParseOutcome.rejected(
                    RejectReason.TOO_LARGE,
                    "record is " + raw.length + " bytes; the limit is " + MAX_RECORD_BYTES);
        }
        String notUtf8 = Utf8Check.problem(raw);
        if (notUtf8 != null) {
            return ParseOutcome.rejected(RejectReason.INVALID_UTF8, notUtf8);
        }
        JsonNode node;
        try {
            node = mapper.readTree(raw);
        } catch (JsonProcessingException e) {
            String message = e.getOriginalMessage();
            if (message != null && message.startsWith(DUPLICATE_FIELD)) {
                return ParseOutcome.rejected(
                        RejectReason.SCHEMA_VIOLATION,
                        "duplicate key "
                                + message.substring(DUPLICATE_FIELD.length())
                                + at(e)
                                + ": an object may name each key once");
            }
            return ParseOutcome.rejected(RejectReason.NOT_JSON, "not JSON: " + message + at(e));
        } catch (IOException e) {
            return ParseOutcome.rejected(RejectReason.NOT_JSON, "not JSON: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            return ParseOutcome.rejected(
                    RejectReason.SCHEMA_VIOLATION,
                    "expected a JSON object, got " + (node == null ? "nothing" : kind(node)));
        }
        ParseOutcome unusable = unusableValue(node, "$");
        if (unusable != null) {
            return unusable;
        }
        JsonNode typeNode = node.get("type");
        if (typeNode == null || !typeNode.isTextual()) {
            return ParseOutcome.rejected(
                    RejectReason.SCHEMA_VIOLATION, "$.type: required string property missing");
        }
        EventType type = EventType.fromWireName(typeNode.asText()).orElse(null);
        if (type == null) {
            return ParseOutcome.rejected(
                    RejectReason.UNKNOWN_TYPE,
                    "unknown event type '"
                            + abbreviate(typeNode.asText())
                            + "'; known: "
                            + knownTypes());
        }
        JsonNode leadId = node.get("leadId");
        if (type.aboutALead()
                && (leadId == null || !leadId.isTextual() || leadId.asText().isBlank())) {
            return ParseOutcome.rejected(
                    RejectReason.MISSING_LEAD_ID,
                    type.wireName()
                            + " event without a leadId"
                            + (leadId == null ? "" : " (got " + kind(leadId) + ")"));
        }
        Set<ValidationMessage> problems = schemas.get(type).validate(node);
        if (!problems.isEmpty()) {
            return ParseOutcome.rejected(
                    RejectReason.SCHEMA_VIOLATION, type.wireName() + ": " + describe(problems));
        }
        Instant occurredAt;
        try {
            occurredAt =
                    OffsetDateTime.parse(
                                    node.get("occurredAt").asText(),
                                    DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                            .toInstant();
        } catch (DateTimeParseException e) {
            return ParseOutcome.rejected(
                    RejectReason.SCHEMA_VIOLATION,
                    "$.occurredAt: not an ISO-8601 instant with offset: '"
                            + abbreviate(node.get("occurredAt").asText())
                            + "'");
        }
        Instant latestPlausible = clock.instant().plus(FUTURE_TOLERANCE);
        if (occurredAt.isBefore(EARLIEST_PLAUSIBLE) || occurredAt.isAfter(latestPlausible)) {
            return ParseOutcome.rejected(
                    RejectReason.ABSURD_TIMESTAMP,
                    "$.occurredAt: "
                            + occurredAt
                            + " is outside the plausible range "
                            + EARLIEST_PLAUSIBLE
                            + " .. now+1d");
        }
        if (type == EventType.CAMPAIGN_COST) {
            ParseOutcome absurdDay = implausibleDay(node.get("payload").get("day").asText());
            if (absurdDay != null) {
                return absurdDay;
            }
        }
        return ParseOutcome.accepted(toEvent(type, node, occurredAt));
    }

    /**
     * The spend day, like every time in an event, must be plausible: ClickHouse's Date starts in
     * 1970 (an earlier day is stored as 0000-00-00) and a spend report is never about next week.
     */
    private ParseOutcome implausibleDay(String text) {
        LocalDate day;
        try {
            day = LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            return ParseOutcome.rejected(
                    RejectReason.SCHEMA_VIOLATION,
                    "$.payload.day: not a date YYYY-MM-DD: '" + abbreviate(text) + "'");
        }
        LocalDate earliest = LocalDate.ofInstant(EARLIEST_PLAUSIBLE, ZoneOffset.UTC);
        LocalDate latest =
                LocalDate.ofInstant(clock.instant().plus(FUTURE_TOLERANCE), ZoneOffset.UTC);
        if (day.isBefore(earliest) || day.isAfter(latest)) {
            return ParseOutcome.rejected(
                    RejectReason.ABSURD_TIMESTAMP,
                    "$.payload.day: "
                            + day
                            + " is outside the plausible range "
                            + earliest
                            + " .. today+1d");
        }
        return null;
    }

    /**
     * A value no schema can refuse but no table can hold: text with half a UTF-16 surrogate pair (a
     * JSON escape such as {@code \\ud800}; in a key or a value), or a number that overflowed to
     * infinity ({@code 1e400}), which would make every sum over it infinite.
     */
    private static ParseOutcome unusableValue(JsonNode node, String path) {
        if (node.isTextual()) {
            return unpaired(node.textValue(), path);
        }
        if (node.isNumber() && !node.isIntegralNumber() && !Double.isFinite(node.doubleValue())) {
            return ParseOutcome.rejected(
                    RejectReason.SCHEMA_VIOLATION,
                    path + ": not a finite number (it overflows a 64-bit float)");
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String child = path + "." + field.getKey();
                ParseOutcome problem = unpaired(field.getKey(), child + " (the key)");
                if (problem == null) {
                    problem = unusableValue(field.getValue(), child);
                }
                if (problem != null) {
                    return problem;
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                ParseOutcome problem = unusableValue(node.get(i), path + "[" + i + "]");
                if (problem != null) {
                    return problem;
                }
            }
        }
        return null;
    }

    private static ParseOutcome unpaired(String text, String path) {
        int at = Utf8Check.unpairedSurrogate(text);
        if (at < 0) {
            return null;
        }
        return ParseOutcome.rejected(
                RejectReason.INVALID_UTF8,
                path
                        + ": "
                        + String.format("\\u%04x", (int) text.charAt(at))
                        + " at character "
                        + at
                        + " is half of a UTF-16 surrogate pair, not a character");
    }

    private LeadEvent toEvent(EventType type, JsonNode node, Instant occurredAt) {
        JsonNode p = node.get("payload");
        LeadCreated created = null;
        LeadUpdated updated = null;
        StatusChange statusChange = null;
        Assignment assignment = null;
        Activity activity = null;
        OpportunityChange opportunity = null;
        CampaignCost cost = null;
        switch (type) {
            case LEAD_CREATED ->
                    created =
                            new LeadCreated(
                                    text(p, "channel"),
                                    text(p, "leadSource"),
                                    text(p, "campaign"),
                                    text(p, "medium"),
                                    text(p, "landingPage"),
                                    status(p, "initialStatus"),
                                    text(p, "owner"),
                                    text(p, "team"),
                                    text(p, "territory"),
                                    firmographics(p.get("firmographics")));
            case LEAD_UPDATED -> {
                JsonNode consent = p.get("consent");
                updated =
                        new LeadUpdated(
                                firmographics(p.get("firmographics")),
                                text(p, "owner"),
                                text(p, "team"),
                                text(p, "territory"),
                                bool(consent, "email"),
                                bool(consent, "phone"));
            }
            case LEAD_STATUS_CHANGED ->
                    statusChange =
                            new StatusChange(
                                    status(p, "status"), text(p, "reason"), text(p, "actor"));
            case LEAD_ASSIGNED ->
                    assignment =
                            new Assignment(
                                    text(p, "owner"),
                                    text(p, "team"),
                                    text(p, "territory"),
                                    text(p, "partner"));
            case ACTIVITY ->
                    activity =
                            new Activity(
                                    text(p, "kind"),
                                    text(p, "direction"),
                                    text(p, "actor"),
                                    text(p, "disposition"),
                                    text(p, "url"),
                                    text(p, "leadSource"),
                                    text(p, "campaign"),
                                    text(p, "medium"));
            case OPPORTUNITY ->
                    opportunity =
                            new OpportunityChange(
                                    text(p, "action"),
                                    text(p, "opportunityId"),
                                    text(p, "stage"),
                                    p.hasNonNull("amount") ? p.get("amount").asDouble() : null,
                                    text(p, "currency"),
                                    text(p, "reason"),
                                    text(p, "leadType"));
            case CAMPAIGN_COST ->
                    cost =
                            new CampaignCost(
                                    text(p, "day"),
                                    text(p, "leadSource"),
                                    text(p, "campaign"),
                                    text(p, "medium"),
                                    p.get("amount").asDouble(),
                                    text(p, "currency"));
        }
        return new LeadEvent(
                node.get("eventId").asText(),
                type,
                text(node, "leadId"),
                occurredAt.toEpochMilli(),
                node.get("source").asText(),
                node.get("schemaVersion").asInt(),
                created,
                updated,
                statusChange,
                assignment,
                activity,
                opportunity,
                cost);
    }

    private static Firmographics firmographics(JsonNode f) {
        if (f == null) {
            return null;
        }
        return new Firmographics(
                text(f, "company"),
                text(f, "industry"),
                f.hasNonNull("employees") ? f.get("employees").asInt() : null,
                text(f, "revenueBand"),
                text(f, "country"),
                text(f, "segment"));
    }

    private static String text(JsonNode parent, String field) {
        JsonNode value = parent == null ? null : parent.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Boolean bool(JsonNode parent, String field) {
        JsonNode value = parent == null ? null : parent.get(field);
        return value == null || value.isNull() ? null : value.asBoolean();
    }

    private static LeadStatus status(JsonNode parent, String field) {
        String value = text(parent, field);
        return value == null ? null : LeadStatus.valueOf(value);
    }

    private static String describe(Set<ValidationMessage> problems) {
        String joined =
                problems.stream()
                        .map(ValidationMessage::getMessage)
                        .sorted()
                        .limit(MAX_MESSAGES)
                        .collect(Collectors.joining("; "));
        return problems.size() > MAX_MESSAGES
                ? joined + "; and " + (problems.size() - MAX_MESSAGES) + " more"
                : joined;
    }

    private static String at(JsonProcessingException e) {
        return e.getLocation() == null
                ? ""
                : " at line "
                        + e.getLocation().getLineNr()
                        + " column "
                        + e.getLocation().getColumnNr();
    }

    private static String kind(JsonNode node) {
        return node.getNodeType().name().toLowerCase();
    }

    private static String knownTypes() {
        return java.util.Arrays.stream(EventType.values())
                .map(EventType::wireName)
                .collect(Collectors.joining(", "));
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }
}
