package io.leadflow.generator.replay;

import io.leadflow.generator.KafkaRecord;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;

/**
 * One event of a replay, before topic names are known: which of the job's two input topics it
 * belongs to (SPEC section 7: lead.* events to the leads topic, activities and opportunities to the
 * activities topic), its Kafka key (the lead id), its event time and its exact JSON bytes.
 *
 * @param topic the job input it goes to
 * @param key Kafka record key, the lead id
 * @param eventId the event's deterministic id, for ordering ties and assertions
 * @param occurredAt event time, as written in the JSON
 * @param value the event as UTF-8 JSON
 */
public record ReplayRecord(
        Topic topic, String key, String eventId, Instant occurredAt, byte[] value) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The job's input topics. */
    public enum Topic {
        LEADS,
        ACTIVITIES
    }

    public ReplayRecord {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(value, "value");
    }

    /**
     * An event of the contract (envelope and payload) as a record: keyed by its lead, schema
     * version 1.
     */
    public static ReplayRecord event(
            Topic topic,
            String eventId,
            String type,
            String leadId,
            String source,
            Instant at,
            ObjectNode payload) {
        ObjectNode node = JSON.createObjectNode();
        node.put("eventId", eventId);
        node.put("type", type);
        node.put("leadId", leadId);
        node.put("occurredAt", at.toString());
        node.put("source", source);
        node.put("schemaVersion", 1);
        node.set("payload", payload);
        try {
            return new ReplayRecord(topic, leadId, eventId, at, JSON.writeValueAsBytes(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + eventId, e);
        }
    }

    /** The record for Kafka, with the configured topic names. */
    public KafkaRecord toKafka(String leadsTopic, String activitiesTopic) {
        return new KafkaRecord(topic == Topic.LEADS ? leadsTopic : activitiesTopic, key, value);
    }

    /** The value as text, for logs and assertions. */
    public String valueAsString() {
        return new String(value, StandardCharsets.UTF_8);
    }
}
