package io.leadflow.generator;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One record as it will be produced to Kafka: topic, key (null only for deliberately broken
 * records) and the exact value bytes. Equality compares the bytes, so tests can assert that a
 * duplicate is the very same record sent again.
 *
 * @param topic destination topic
 * @param key record key: the lead id, {@code campaign:<name>} for costs, or null
 * @param value UTF-8 JSON (or, for malformed records, whatever bytes the test wants to send)
 */
public record KafkaRecord(String topic, String key, byte[] value) {

    public KafkaRecord {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(value, "value");
    }

    /** The value as text, for logs and assertions. */
    public String valueAsString() {
        return new String(value, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KafkaRecord that
                && topic.equals(that.topic)
                && Objects.equals(key, that.key)
                && Arrays.equals(value, that.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(topic, key) * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "KafkaRecord[topic=" + topic + ", key=" + key + ", value=" + valueAsString() + "]";
    }
}
