package io.leadflow.generator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Turns an ordered event stream into the Kafka record sequence a test or the demo sends, with the
 * disorder real pipelines show: arrivals shuffled within a bounded event-time window, at-least-once
 * duplicates (the exact same bytes again, later) and malformed records, each labelled with the
 * dead-letter reason a correct job must assign. None of this changes the ground truth: duplicates
 * repeat event ids, malformed records use fresh {@code malformed-*} ids and are rejected, and
 * arrival order is irrelevant to an event-time job.
 */
public final class EventDelivery {

    private static final List<String> REASONS =
            List.of(
                    MalformedRecord.NOT_JSON,
                    MalformedRecord.SCHEMA_VIOLATION,
                    MalformedRecord.UNKNOWN_TYPE,
                    MalformedRecord.MISSING_LEAD_ID,
                    MalformedRecord.ABSURD_TIMESTAMP);

    private final DeliveryOptions options;

    public EventDelivery(DeliveryOptions options) {
        this.options = options;
    }

    /** A record scheduled at an arrival instant; {@code order} keeps ties deterministic. */
    private record Arrival(long arrivalSecond, long order, KafkaRecord record) {}

    public DeliveryPlan plan(List<LeadEvent> events) {
        Dice dice = new Dice(new SplittableRandom(options.seed()));
        long maxDelay = options.maxDelay().toSeconds();
        List<Arrival> arrivals = new ArrayList<>(events.size());
        long[] arrivalOf = new long[events.size()];
        long order = 0;
        for (int i = 0; i < events.size(); i++) {
            LeadEvent event = events.get(i);
            arrivalOf[i] = event.occurredAt().getEpochSecond() + dice.between(0L, maxDelay);
            arrivals.add(new Arrival(arrivalOf[i], order++, options.routing().route(event)));
        }

        List<KafkaRecord> duplicates = new ArrayList<>();
        int duplicateCount = (int) Math.round(options.duplicateFraction() * events.size());
        for (int index : distinctIndices(events.size(), duplicateCount, dice)) {
            // A producer retry or a replayed batch: the same bytes, noticeably later.
            long later = arrivalOf[index] + dice.between(1L, Math.max(120L, 2 * maxDelay));
            KafkaRecord copy = options.routing().route(events.get(index));
            duplicates.add(copy);
            arrivals.add(new Arrival(later, order++, copy));
        }

        List<MalformedRecord> malformed = new ArrayList<>();
        List<Integer> leadEventIndices = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).leadId() != null) {
                leadEventIndices.add(i);
            }
        }
        int malformedCount = (int) Math.round(options.malformedFraction() * events.size());
        for (int k = 0; k < malformedCount && !leadEventIndices.isEmpty(); k++) {
            int base = dice.pick(leadEventIndices);
            // Round-robin over the reasons so every reason shows up even in small samples.
            MalformedRecord record =
                    breakEvent(events.get(base), REASONS.get(k % REASONS.size()), k, dice);
            malformed.add(record);
            arrivals.add(
                    new Arrival(
                            arrivalOf[base] + dice.between(0L, maxDelay),
                            order++,
                            record.toKafkaRecord()));
        }

        arrivals.sort(
                Comparator.comparingLong(Arrival::arrivalSecond).thenComparingLong(Arrival::order));
        List<KafkaRecord> records = new ArrayList<>(arrivals.size());
        arrivals.forEach(a -> records.add(a.record()));
        return new DeliveryPlan(records, duplicates, malformed, events.size());
    }

    /** Partial Fisher–Yates: {@code count} distinct indices out of {@code size}, seeded. */
    private static List<Integer> distinctIndices(int size, int count, Dice dice) {
        int[] indices = new int[size];
        Arrays.setAll(indices, i -> i);
        List<Integer> chosen = new ArrayList<>(count);
        for (int i = 0; i < Math.min(count, size); i++) {
            int j = dice.between(i, size - 1);
            int swap = indices[i];
            indices[i] = indices[j];
            indices[j] = swap;
            chosen.add(indices[i]);
        }
        return chosen;
    }

    private MalformedRecord breakEvent(LeadEvent base, String reason, int number, Dice dice) {
        String eventId = "malformed-" + options.seed() + "-" + number;
        ObjectNode json = base.toJson();
        json.put("eventId", eventId);
        String topic = options.routing().topicOf(base.type());
        String key = base.leadId();
        byte[] value;
        switch (reason) {
            case MalformedRecord.NOT_JSON -> value = notJson(json, dice);
            case MalformedRecord.SCHEMA_VIOLATION -> {
                violateSchema(json, dice);
                topic = options.routing().topicOf(json.path("type").asText());
                value = bytes(json);
            }
            case MalformedRecord.UNKNOWN_TYPE -> {
                json.put("type", "lead.deleted");
                ObjectNode payload = LeadEvent.JSON.createObjectNode();
                payload.put("reason", "gdpr erasure request");
                json.set("payload", payload);
                topic = options.routing().leadsTopic();
                value = bytes(json);
            }
            case MalformedRecord.MISSING_LEAD_ID -> {
                json.remove("leadId");
                key = null;
                value = bytes(json);
            }
            case MalformedRecord.ABSURD_TIMESTAMP -> {
                Instant absurd =
                        dice.chance(0.5)
                                ? Instant.parse("1970-01-01T00:00:00Z")
                                        .plusSeconds(dice.between(0L, 86_399L))
                                : Instant.parse("2999-06-01T00:00:00Z")
                                        .plusSeconds(dice.between(0L, 86_399L));
                json.put("occurredAt", LeadEvent.formatInstant(absurd));
                value = bytes(json);
            }
            default -> throw new IllegalArgumentException("unknown reason " + reason);
        }
        return new MalformedRecord(topic, key, value, reason);
    }

    private static byte[] notJson(ObjectNode json, Dice dice) {
        if (dice.chance(0.5)) {
            // A producer that died mid-write: a JSON object cut before its closing brace.
            byte[] whole = bytes(json);
            return Arrays.copyOf(whole, Math.max(1, whole.length / 2));
        }
        // Something that was never JSON: a CSV line from a misconfigured connector.
        String line = json.path("leadId").asText() + ";" + json.path("type").asText() + ";garbage";
        return line.getBytes(StandardCharsets.UTF_8);
    }

    /** Breaks exactly one schema rule while keeping type and leadId valid. */
    private static void violateSchema(ObjectNode json, Dice dice) {
        ObjectNode payload = (ObjectNode) json.get("payload");
        switch (dice.between(0, 4)) {
            case 0 -> {
                // Missing required payload field.
                switch (json.path("type").asText()) {
                    case LeadEvent.LEAD_CREATED -> payload.remove("channel");
                    case LeadEvent.LEAD_STATUS_CHANGED -> payload.remove("status");
                    case LeadEvent.LEAD_ASSIGNED -> payload.remove("owner");
                    case LeadEvent.ACTIVITY -> payload.remove("kind");
                    case LeadEvent.OPPORTUNITY -> payload.remove("action");
                    default -> payload.removeAll();
                }
            }
            case 1 -> {
                // Wrong enum value.
                json.put("type", LeadEvent.ACTIVITY);
                json.set("payload", activity("carrier_pigeon"));
            }
            case 2 -> {
                json.put("type", LeadEvent.LEAD_STATUS_CHANGED);
                ObjectNode status = LeadEvent.JSON.createObjectNode();
                status.put("status", "DISQUALIFIED");
                status.put("actor", "crm-import");
                json.set("payload", status);
            }
            case 3 -> {
                // Not ISO-8601 with offset: a local date-time with a space.
                String occurredAt = json.path("occurredAt").asText();
                json.put("occurredAt", occurredAt.replace('T', ' ').replace("Z", ""));
            }
            default -> json.put("priority", "high");
        }
    }

    private static ObjectNode activity(String kind) {
        ObjectNode payload = LeadEvent.JSON.createObjectNode();
        payload.put("kind", kind);
        payload.put("direction", "inbound");
        return payload;
    }

    private static byte[] bytes(ObjectNode json) {
        try {
            return LeadEvent.JSON.writeValueAsBytes(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
