package io.leadflow.jobs.rows;

/**
 * A rejected input record with where it came from and why, for the dead-letter topic and the {@code
 * dead_letters} table. The id is the record's Kafka coordinates, so a replay writes the same row
 * again instead of a new one.
 */
public record DeadLetter(
        String topic,
        int partition,
        long offset,
        String recordKey,
        long receivedAtMillis,
        String reasonCode,
        String reason,
        byte[] raw) {

    public String id() {
        return topic + "/" + partition + "/" + offset;
    }
}
