package io.leadflow.generator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * One generated event in the envelope of SPEC section 1 ({@code eventId, type, leadId, occurredAt,
 * source, schemaVersion, payload}). {@code leadId} is null only for {@code campaign.cost}. The
 * payload is owned by the event: callers read it but never change it, so the serialized bytes stay
 * a pure function of the generator's inputs.
 *
 * @param eventId unique, deterministic id (the dedup key)
 * @param type event type, e.g. {@code lead.created}
 * @param leadId lead the event is about, null for campaign costs
 * @param occurredAt event time, whole seconds
 * @param source emitting system, e.g. {@code web}, {@code crm}, {@code import:techbuyers-2026}
 * @param payload type-specific fields
 */
public record LeadEvent(
        String eventId,
        String type,
        String leadId,
        Instant occurredAt,
        String source,
        ObjectNode payload) {

    public static final String LEAD_CREATED = "lead.created";
    public static final String LEAD_UPDATED = "lead.updated";
    public static final String LEAD_STATUS_CHANGED = "lead.status_changed";
    public static final String LEAD_ASSIGNED = "lead.assigned";
    public static final String ACTIVITY = "activity";
    public static final String OPPORTUNITY = "opportunity";
    public static final String CAMPAIGN_COST = "campaign.cost";
    public static final int SCHEMA_VERSION = 1;

    /** Shared, thread-safe once configured; insertion order of fields is kept as written. */
    static final ObjectMapper JSON = new ObjectMapper();

    public LeadEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(payload, "payload");
        if (occurredAt.getNano() != 0) {
            throw new IllegalArgumentException("occurredAt must have whole seconds: " + occurredAt);
        }
    }

    /** Formats an instant the way every event carries it: {@code 2026-03-01T09:30:00Z}. */
    public static String formatInstant(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    /** A fresh JSON tree of the whole event (safe to modify, e.g. to derive malformed copies). */
    public ObjectNode toJson() {
        ObjectNode node = JSON.createObjectNode();
        node.put("eventId", eventId);
        node.put("type", type);
        if (leadId != null) {
            node.put("leadId", leadId);
        }
        node.put("occurredAt", formatInstant(occurredAt));
        node.put("source", source);
        node.put("schemaVersion", SCHEMA_VERSION);
        node.set("payload", payload.deepCopy());
        return node;
    }

    /** The UTF-8 JSON bytes sent to Kafka. */
    public byte[] toBytes() {
        try {
            return JSON.writeValueAsBytes(toJson());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize event " + eventId, e);
        }
    }

    public boolean isLeadEvent() {
        return type.startsWith("lead.");
    }
}
