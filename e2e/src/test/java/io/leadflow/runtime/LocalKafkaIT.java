package io.leadflow.runtime;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class LocalKafkaIT {

    private static final String TOPIC = "lead-events";

    @Test
    void producesAndConsumesAndSurvivesRestart(@TempDir Path dir) {
        String bootstrap;
        try (LocalKafka kafka = LocalKafka.start(dir)) {
            bootstrap = kafka.bootstrapServers();
            kafka.createTopics(2, TOPIC);
            kafka.createTopics(2, TOPIC); // creating again is a no-op, not an error
            produce(bootstrap, 100);
            assertThat(consumeAll(bootstrap, 100)).hasSize(100);
        }
        try (LocalKafka again = LocalKafka.start(dir)) {
            assertThat(again.bootstrapServers()).isEqualTo(bootstrap);
            assertThat(consumeAll(again.bootstrapServers(), 100))
                    .extracting(ConsumerRecord::value)
                    .contains("event-0", "event-99");
        }
    }

    private static void produce(String bootstrap, int count) {
        Map<String, Object> config =
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ProducerConfig.ACKS_CONFIG,
                        "all");
        try (var producer =
                new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(TOPIC, "lead-" + (i % 7), "event-" + i));
            }
            producer.flush();
        }
    }

    private static List<ConsumerRecord<String, String>> consumeAll(String bootstrap, int expected) {
        Map<String, Object> config =
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "test-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest");
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (var consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(TOPIC));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }
}
