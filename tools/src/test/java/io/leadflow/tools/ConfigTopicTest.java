package io.leadflow.tools;

import io.leadflow.jobs.config.LeadflowConfig;
import io.leadflow.jobs.io.ConfigTopicInput;
import io.leadflow.tools.testing.KafkaExtension;
import io.leadflow.tools.testing.KafkaServer;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The job's config topic on a real broker: created when missing, with the one partition. */
@ExtendWith(KafkaExtension.class)
class ConfigTopicTest {

    @Test
    void aMissingConfigTopicIsCreatedWithOnePartitionAndAnExistingOneIsKept(KafkaServer kafka)
            throws Exception {
        String topic = "config-" + UUID.randomUUID();
        LeadflowConfig d = LeadflowConfig.defaults();
        var settings =
                d.kafka()
                        .withBootstrap(kafka.bootstrapServers())
                        .withTopics(
                                d.kafka().leadsTopic(),
                                d.kafka().activitiesTopic(),
                                d.kafka().dlqTopic(),
                                topic,
                                d.kafka().alertsTopic());
        assertThat(ConfigTopicInput.ensureTopic(settings)).isTrue();
        assertThat(ConfigTopicInput.ensureTopic(settings)).as("already there").isTrue();
        try (Admin admin =
                Admin.create(
                        Map.of(
                                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                kafka.bootstrapServers()))) {
            assertThat(
                            admin.describeTopics(List.of(topic))
                                    .allTopicNames()
                                    .get()
                                    .get(topic)
                                    .partitions())
                    .hasSize(1);
        }
    }
}
