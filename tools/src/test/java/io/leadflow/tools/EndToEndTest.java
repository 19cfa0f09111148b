package io.leadflow.tools;

import io.leadflow.jobs.LeadflowJob;
import io.leadflow.jobs.config.LeadflowConfig;
import io.leadflow.jobs.config.StartingOffsets;
import io.leadflow.schema.clickhouse.ClickHouseHttp;
import io.leadflow.schema.clickhouse.SchemaMigrator;
import io.leadflow.tools.generator.DeliveryOptions;
import io.leadflow.tools.generator.DeliveryPlan;
import io.leadflow.tools.generator.EventDelivery;
import io.leadflow.tools.generator.GeneratedHistory;
import io.leadflow.tools.generator.GeneratorFeed;
import io.leadflow.tools.generator.GeneratorSettings;
import io.leadflow.tools.generator.LeadEvent;
import io.leadflow.tools.generator.LeadHistoryGenerator;
import io.leadflow.tools.generator.LeadTransition;
import io.leadflow.tools.generator.LeadTruth;
import io.leadflow.tools.generator.MalformedRecord;
import io.leadflow.tools.generator.TopicRouting;
import io.leadflow.tools.testing.ClickHouseExtension;
import io.leadflow.tools.testing.ClickHouseServer;
import io.leadflow.tools.testing.KafkaExtension;
import io.leadflow.tools.testing.KafkaServer;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole pipeline on real components: generated lead histories, delivered out of order with
 * duplicates and malformed records, go through a real Kafka broker, the real job on a Flink
 * MiniCluster, and land in a real ClickHouse, where every lead is compared with the generator's
 * ground truth.
 */
@ExtendWith({KafkaExtension.class, ClickHouseExtension.class})
class EndToEndTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void generatedHistoryLandsInClickHouseExactlyAsTheGroundTruth(
            KafkaServer kafka, ClickHouseServer clickHouse, @TempDir Path checkpoints)
            throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        TopicRouting routing = new TopicRouting("leads-" + run, "activities-" + run);
        String dlqTopic = "dlq-" + run;
        kafka.createTopics(2, routing.leadsTopic(), routing.activitiesTopic(), dlqTopic);

        GeneratorSettings defaults = GeneratorSettings.defaults();
        GeneratedHistory history =
                new LeadHistoryGenerator(
                                new GeneratorSettings(
                                        42L,
                                        1500,
                                        defaults.start(),
                                        defaults.span(),
                                        defaults.observeAfter(),
                                        defaults.tempo(),
                                        true,
                                        "e2e-"))
                        .generate();
        DeliveryPlan plan =
                new EventDelivery(
                                new DeliveryOptions(7L, Duration.ofHours(12), 0.05, 0.01, routing))
                        .plan(history.events());
        assertThat(plan.duplicates()).isNotEmpty();
        assertThat(plan.malformed()).isNotEmpty();
        try (GeneratorFeed feed = new GeneratorFeed(kafka.bootstrapServers())) {
            feed.send(plan.records(), 0);
        }

        String database = clickHouse.freshDatabase("e2e");
        ClickHouseHttp ch =
                new ClickHouseHttp(
                        URI.create(clickHouse.httpUrl()),
                        database,
                        clickHouse.user(),
                        clickHouse.password());
        new SchemaMigrator(ch, database).migrate();

        LeadflowConfig defaultsConfig = LeadflowConfig.defaults();
        LeadflowConfig config =
                defaultsConfig
                        .withKafka(
                                defaultsConfig
                                        .kafka()
                                        .withBootstrap(kafka.bootstrapServers())
                                        .withTopics(
                                                routing.leadsTopic(),
                                                routing.activitiesTopic(),
                                                dlqTopic,
                                                "config-" + run,
                                                "alerts-" + run)
                                        .withGroupId("e2e-" + run)
                                        .withStartingOffsets(StartingOffsets.EARLIEST))
                        .withClickHouse(
                                defaultsConfig
                                        .clickHouse()
                                        .withUrl(clickHouse.httpUrl())
                                        .withDatabase(database)
                                        .withCredentials(clickHouse.user(), clickHouse.password()))
                        .withJob(
                                defaultsConfig
                                        .job()
                                        .withParallelism(2)
                                        .withCheckpointing(
                                                checkpoints.toUri().toString(),
                                                Duration.ofSeconds(2)));
        Configuration flink = LeadflowJob.flinkConfiguration(config);
        // Production retries forever; a broken test must fail instead of hanging.
        flink.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS, 2);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
        LeadflowJob.build(env, config, true);
        env.execute("e2e-" + run);

        assertLeadsMatchTruth(ch, history);
        assertTransitionsMatchTruth(ch, history);
        assertDeadLettersMatch(ch, plan, routing);
        assertDeadLetterTopicHoldsEveryRejectedRecord(kafka, dlqTopic, plan);
        assertThat(ch.queryLong("SELECT count() FROM campaign_costs FINAL"))
                .as("one row per (day, source, campaign) spend report")
                .isEqualTo(
                        history.events().stream()
                                .filter(e -> LeadEvent.CAMPAIGN_COST.equals(e.type()))
                                .count());
    }

    private static void assertLeadsMatchTruth(ClickHouseHttp ch, GeneratedHistory history) {
        Map<String, Long> distinctEvents =
                history.events().stream()
                        .filter(e -> e.leadId() != null)
                        .collect(Collectors.groupingBy(LeadEvent::leadId, Collectors.counting()));
        Map<String, JsonNode> rows = new HashMap<>();
        for (JsonNode row :
                ch.query(
                        "SELECT lead_id, status, contact_status, cycle, owner, activity_count,"
                                + " contact_attempts, toUnixTimestamp(created_at) AS created,"
                                + " events_applied FROM lead_state FINAL")) {
            rows.put(row.get("lead_id").asText(), row);
        }
        Map<String, LeadTruth> truth = history.truth().leads();
        assertThat(rows.keySet()).isEqualTo(truth.keySet());
        List<String> mismatches = new ArrayList<>();
        for (LeadTruth t : truth.values()) {
            JsonNode r = rows.get(t.leadId());
            String expected =
                    String.join(
                            "|",
                            t.status(),
                            t.contactStatus(),
                            String.valueOf(t.cycle()),
                            t.owner() == null ? "" : t.owner(),
                            String.valueOf(t.activityCount()),
                            String.valueOf(t.contactAttempts()),
                            String.valueOf(t.createdAt().getEpochSecond()),
                            String.valueOf(distinctEvents.get(t.leadId())));
            String actual =
                    String.join(
                            "|",
                            r.get("status").asText(),
                            r.get("contact_status").asText(),
                            r.get("cycle").asText(),
                            r.get("owner").asText(),
                            r.get("activity_count").asText(),
                            r.get("contact_attempts").asText(),
                            r.get("created").asText(),
                            r.get("events_applied").asText());
            if (!expected.equals(actual)) {
                mismatches.add(t.leadId() + " expected " + expected + " got " + actual);
            }
        }
        assertThat(mismatches).as("leads whose state differs from the ground truth").isEmpty();
    }

    private static void assertTransitionsMatchTruth(ClickHouseHttp ch, GeneratedHistory history) {
        Map<String, List<String>> actual = new HashMap<>();
        for (JsonNode row :
                ch.query(
                        "SELECT lead_id, seq, from_status, to_status,"
                                + " toUnixTimestamp(occurred_at) AS at, cycle, reason"
                                + " FROM lead_transitions FINAL WHERE deleted = 0"
                                + " ORDER BY lead_id, seq")) {
            actual.computeIfAbsent(row.get("lead_id").asText(), k -> new ArrayList<>())
                    .add(
                            String.join(
                                    "|",
                                    row.get("seq").asText(),
                                    row.get("from_status").asText(),
                                    row.get("to_status").asText(),
                                    row.get("at").asText(),
                                    row.get("cycle").asText(),
                                    row.get("reason").asText()));
        }
        Map<String, List<String>> expected = new HashMap<>();
        for (LeadTruth t : history.truth().leads().values()) {
            List<String> list = new ArrayList<>();
            for (LeadTransition tr : t.transitions()) {
                list.add(
                        String.join(
                                "|",
                                String.valueOf(tr.seq()),
                                tr.from() == null ? "" : tr.from(),
                                tr.to(),
                                String.valueOf(tr.occurredAt().getEpochSecond()),
                                String.valueOf(tr.cycle()),
                                tr.reason() == null ? "" : tr.reason()));
            }
            expected.put(t.leadId(), list);
        }
        assertThat(actual).isEqualTo(expected);
    }

    private static void assertDeadLettersMatch(
            ClickHouseHttp ch, DeliveryPlan plan, TopicRouting routing) {
        Map<String, String> expected = new HashMap<>();
        for (MalformedRecord m : plan.malformed()) {
            expected.put(Base64.getEncoder().encodeToString(m.value()), m.expectedReasonCode());
        }
        Map<String, String> actual = new HashMap<>();
        for (JsonNode row :
                ch.query("SELECT raw_base64, reason_code, reason, topic FROM dead_letters FINAL")) {
            actual.put(row.get("raw_base64").asText(), row.get("reason_code").asText());
            assertThat(row.get("reason").asText()).isNotBlank();
            assertThat(row.get("topic").asText())
                    .isIn(routing.leadsTopic(), routing.activitiesTopic());
        }
        assertThat(actual).isEqualTo(expected);
    }

    private static void assertDeadLetterTopicHoldsEveryRejectedRecord(
            KafkaServer kafka, String dlqTopic, DeliveryPlan plan) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "dlq-check-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Set<String> expected = new HashSet<>();
        plan.malformed()
                .forEach(m -> expected.add(new String(m.value(), StandardCharsets.ISO_8859_1)));
        Set<String> seen = new HashSet<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(dlqTopic));
            Instant deadline = Instant.now().plusSeconds(30);
            while (seen.size() < expected.size() && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    seen.add(new String(r.value(), StandardCharsets.ISO_8859_1));
                    assertThat(r.headers().lastHeader("leadflow.reason-code")).isNotNull();
                }
            }
        }
        assertThat(seen).isEqualTo(expected);
    }
}
