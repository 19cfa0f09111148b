package io.leadflow.generator.replay;

import io.leadflow.generator.KafkaRecord;

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

    /** The record for Kafka, with the configured topic names. */
    public KafkaRecord toKafka(String leadsTopic, String activitiesTopic) {
        return new KafkaRecord(topic == Topic.LEADS ? leadsTopic : activitiesTopic, key, value);
    }

    /** The value as text, for logs and assertions. */
    public String valueAsString() {
        return new String(value, StandardCharsets.UTF_8);
    }
}
