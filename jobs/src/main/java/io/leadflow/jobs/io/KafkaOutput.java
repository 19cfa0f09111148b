package io.leadflow.jobs.io;

import java.util.Properties;

/**
 * Producer settings of the job's Kafka outputs (the dead-letter and alerts topics) for when the
 * broker is away: a send waits at most 10 s for the broker's metadata and a record at most 30 s for
 * its acknowledgement, instead of one and two minutes. A task blocked that long in a send cannot be
 * cancelled, and Flink takes a task that ignores its cancellation for three minutes as a broken
 * TaskManager and kills it; failing sooner restarts the job from its checkpoint, which replays the
 * records (at least once).
 */
final class KafkaOutput {

    private KafkaOutput() {}

    static Properties producerProperties() {
        Properties properties = new Properties();
        properties.setProperty("max.block.ms", "10000");
        properties.setProperty("request.timeout.ms", "10000");
        properties.setProperty("delivery.timeout.ms", "30000");
        return properties;
    }
}
