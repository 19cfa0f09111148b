package io.leadflow.e2e.testing;

import io.leadflow.runtime.LocalKafka;

/**
 * A Kafka cluster that tests produce to and consume from, either started for the test run or given
 * through {@code LEADFLOW_KAFKA_BOOTSTRAP}.
 */
public record KafkaServer(String bootstrapServers) {

    /** Creates the topics that do not exist yet, with {@code partitions} partitions each. */
    public void createTopics(int partitions, String... names) {
        LocalKafka.createTopics(bootstrapServers, partitions, names);
    }
}
