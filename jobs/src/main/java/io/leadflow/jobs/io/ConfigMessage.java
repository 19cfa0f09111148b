package io.leadflow.jobs.io;

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
        String topic, int partition, long offset, String key, long timestampMillis, byte[] value) {}
