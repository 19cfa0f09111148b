package io.leadflow.jobs.io;

import io.leadflow.jobs.rows.DeadLetter;

/**
 * One record of the config topic, with its Kafka coordinates so that a refused one can be kept as a
 * dead letter.
 *
 * @param topic the topic
 * @param partition the partition
 * @param offset the offset
 * @param key the record key, empty when none
 * @param timestampMillis the record's timestamp
 * @param value the record's bytes, empty when none
 */
public record ConfigMessage(
        String topic, int partition, long offset, String key, long timestampMillis, byte[] value) {

    /** Where the record is, for messages: {@code config topic leadflow.config/0@12}. */
    public String origin() {
        return "config topic " + topic + "/" + partition + "@" + offset;
    }

    /** The record as a dead letter, refused for {@code reason}. */
    public DeadLetter refused(String reasonCode, String reason) {
        return new DeadLetter(
                topic, partition, offset, key, timestampMillis, reasonCode, reason, value);
    }
}
