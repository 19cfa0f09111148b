package io.leadflow.jobs.config;

import java.io.Serializable;

/**
 * Where the job reads and writes Kafka: the brokers, the five leadflow topics, the consumer group
 * and where sources start without restored state. Values are validated and normalized on
 * construction (bootstrap list without spaces), so an instance is always usable as is.
 */
public record KafkaSettings(
        String bootstrap,
        String leadsTopic,
        String activitiesTopic,
        String dlqTopic,
        String configTopic,
        String alertsTopic,
        String groupId,
        StartingOffsets startingOffsets)
        implements Serializable {

    public KafkaSettings {
        bootstrap = Setting.KAFKA_BOOTSTRAP.canonical(bootstrap);
        leadsTopic = Setting.KAFKA_TOPIC_LEADS.canonical(leadsTopic);
        activitiesTopic = Setting.KAFKA_TOPIC_ACTIVITIES.canonical(activitiesTopic);
        dlqTopic = Setting.KAFKA_TOPIC_DLQ.canonical(dlqTopic);
        configTopic = Setting.KAFKA_TOPIC_CONFIG.canonical(configTopic);
        alertsTopic = Setting.KAFKA_TOPIC_ALERTS.canonical(alertsTopic);
        groupId = Setting.KAFKA_GROUP_ID.canonical(groupId);
        startingOffsets = Setting.KAFKA_STARTING_OFFSETS.canonical(startingOffsets);
    }

    public KafkaSettings withBootstrap(String bootstrap) {
        return new KafkaSettings(
                bootstrap,
                leadsTopic,
                activitiesTopic,
                dlqTopic,
                configTopic,
                alertsTopic,
                groupId,
                startingOffsets);
    }

    /** Replaces all five topics, e.g. with per-test names. */
    public KafkaSettings withTopics(
            String leads, String activities, String dlq, String config, String alerts) {
        return new KafkaSettings(
                bootstrap, leads, activities, dlq, config, alerts, groupId, startingOffsets);
    }

    public KafkaSettings withGroupId(String groupId) {
        return new KafkaSettings(
                bootstrap,
                leadsTopic,
                activitiesTopic,
                dlqTopic,
                configTopic,
                alertsTopic,
                groupId,
                startingOffsets);
    }

    public KafkaSettings withStartingOffsets(StartingOffsets startingOffsets) {
        return new KafkaSettings(
                bootstrap,
                leadsTopic,
                activitiesTopic,
                dlqTopic,
                configTopic,
                alertsTopic,
                groupId,
                startingOffsets);
    }
}
