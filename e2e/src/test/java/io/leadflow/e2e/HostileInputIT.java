package io.leadflow.e2e;

import io.leadflow.e2e.testing.ClickHouseExtension;
import io.leadflow.e2e.testing.ClickHouseServer;
import io.leadflow.e2e.testing.KafkaExtension;
import io.leadflow.e2e.testing.KafkaServer;
import io.leadflow.generator.DeliveryOptions;
import io.leadflow.generator.EventDelivery;
import io.leadflow.generator.GeneratedHistory;
import io.leadflow.generator.GeneratorSettings;
import io.leadflow.generator.KafkaRecord;
import io.leadflow.generator.LeadEvent;
import io.leadflow.generator.LeadHistoryGenerator;
import io.leadflow.schema.clickhouse.ClickHouseHttp;

import org.apache.flink.test.junit5.MiniClusterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * About 3,000 hostile records ({@link HostileCorpus}) scattered among a generated history, through
 * real Kafka, the job and ClickHouse, with restarts switched off: every hostile record is a dead
 * letter with its reason (in {@code dead_letters} with its exact bytes, and on the DLQ topic, once)
 * or a lead stored byte for byte; the history's leads are exactly as without them; and the job
 * never failed, or the run would have.
 */
@ExtendWith({KafkaExtension.class, ClickHouseExtension.class})
class HostileInputIT {

    @RegisterExtension static final MiniClusterExtension FLINK = TestPipelines.miniCluster();

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void hostileRecordsAreDeadLettersOrStoredExactlyAndChangeNothingElse(
            KafkaServer kafka, ClickHouseServer clickHouse, @TempDir Path dir) throws Exception {
        TestPipelines.Run base = TestPipelines.create(kafka, clickHouse, dir, "hostile");
        // Hostile events land at random places of the partitions, far out of event-time order;
        // with a long lateness none is set aside as late, which is not what this test is about.
        var job = base.config().job();
        TestPipelines.Run run =
                base.withConfig(
                        base.config()
                                .withJob(
                                        job.withEventTime(
                                                job.dedupTtl(),
                                                Duration.ofDays(3650),
                                                job.watermarkOutOfOrderness(),
                                                job.sourceIdleTimeout())));
        GeneratedHistory history =
                new LeadHistoryGenerator(
                                GeneratorSettings.defaults()
                                        .withLeadCount(400)
                                        .withLeadIdPrefix("calm-" + run.id() + "-"))
                        .generate();
        List<KafkaRecord> valid =
                new EventDelivery(
                                new DeliveryOptions(
                                        9L, Duration.ofHours(6), 0.05, 0, run.routing()))
                        .plan(history.events())
                        .records();
        Instant earliest =
                history.events().stream()
                        .map(LeadEvent::occurredAt)
                        .min(Instant::compareTo)
                        .orElseThrow();
        List<HostileCorpus.Hostile> hostile =
                HostileCorpus.generate(7L, run.routing(), earliest.toString());
        assertThat(hostile).hasSizeGreaterThanOrEqualTo(3_000);
        run.send(interleave(valid, hostile));

        run.runBoundedWithoutRestarts();
        ClickHouseHttp ch = run.clickHouse();

        Map<String, HostileCorpus.Hostile> byKey = new HashMap<>();
        hostile.forEach(h -> byKey.put(h.record().key(), h));
        Set<String> storedIds =
                hostile.stream()
                        .filter(h -> h.expectation().stored() != null)
                        .map(h -> h.expectation().stored().leadId())
                        .collect(Collectors.toSet());

        // The calm history is exactly as the ground truth says, hostile records around it or not.
        List<String> mismatches = GroundTruthCheck.leadMismatches(ch, history, storedIds);
        assertThat(mismatches.subList(0, Math.min(20, mismatches.size())))
                .as(
                        "history leads that differ (%d in all); late %s; other dead letters %s",
                        mismatches.size(),
                        ch.query(
                                "SELECT count() AS n, min(occurred_at) AS a, max(watermark_at) AS w FROM late_events"),
                        ch.query(
                                "SELECT reason_code, count() AS n FROM dead_letters WHERE record_key NOT LIKE 'hostile-%' GROUP BY reason_code"))
                .isEmpty();
        GroundTruthCheck.assertTransitionsMatchTruthFor(ch, history, storedIds);

        // Every rejected record: a dead letter with its reason and its exact bytes, once.
        Map<String, String> reasons = new HashMap<>();
        Map<String, String> bytes = new HashMap<>();
        for (JsonNode row :
                ch.query(
                        // No FINAL: a record written twice must show twice.
                        "SELECT record_key, reason_code, reason, raw_base64 FROM dead_letters")) {
            String key = row.get("record_key").asText();
            assertThat(reasons.put(key, row.get("reason_code").asText())).as(key).isNull();
            bytes.put(key, row.get("raw_base64").asText());
            assertThat(row.get("reason").asText()).as(key).isNotBlank();
        }
        Map<String, String> expectedReasons = new HashMap<>();
        hostile.stream()
                .filter(h -> h.expectation().reasonCode() != null)
                .forEach(h -> expectedReasons.put(h.record().key(), h.expectation().reasonCode()));
        assertThat(reasons).containsExactlyInAnyOrderEntriesOf(expectedReasons);
        for (String key : expectedReasons.keySet()) {
            assertThat(bytes.get(key))
                    .as("exact bytes of %s", key)
                    .isEqualTo(Base64.getEncoder().encodeToString(byKey.get(key).record().value()));
        }
        assertThat(expectedReasons.values())
                .as("every reason is exercised")
                .contains(
                        "NOT_JSON",
                        "INVALID_UTF8",
                        "SCHEMA_VIOLATION",
                        "UNKNOWN_TYPE",
                        "MISSING_LEAD_ID",
                        "ABSURD_TIMESTAMP",
                        "TOO_LARGE");
        assertThat(dlqKeys(kafka, run.config().kafka().dlqTopic()))
                .as("on the dead-letter topic, each once, with its reason")
                .isEqualTo(expectedReasons);

        // Every valid record with tricky text: stored byte for byte, and ids never merged.
        Map<String, JsonNode> leads = new HashMap<>();
        for (JsonNode row :
                ch.query(
                        "SELECT hex(lead_id) AS id, hex(owner) AS owner, hex(campaign) AS campaign,"
                                + " hex(landing_page) AS page FROM lead_state FINAL")) {
            leads.put(row.get("id").asText(), row);
        }
        for (HostileCorpus.Hostile h : hostile) {
            HostileCorpus.StoredLead s = h.expectation().stored();
            if (s == null) {
                continue;
            }
            JsonNode row = leads.get(hex(s.leadId()));
            assertThat(row).as("stored lead %s", s.leadId()).isNotNull();
            assertThat(row.get("owner").asText())
                    .as("owner of %s", s.leadId())
                    .isEqualTo(hex(s.owner()));
            assertThat(row.get("campaign").asText()).isEqualTo(hex(s.campaign()));
            assertThat(row.get("page").asText()).isEqualTo(hex(s.landingPage()));
        }
        assertThat(ch.queryLong("SELECT count() FROM lead_state FINAL"))
                .as("the history's leads and the stored ones, none merged")
                .isEqualTo(history.truth().leads().size() + storedIds.size());
        assertThat(ch.queryLong("SELECT count() FROM late_events")).isZero();
    }

    /** The hostile records at random places among the valid ones, whose order stays. */
    private static List<KafkaRecord> interleave(
            List<KafkaRecord> valid, List<HostileCorpus.Hostile> hostile) {
        SplittableRandom random = new SplittableRandom(3);
        List<KafkaRecord> out = new ArrayList<>(valid.size() + hostile.size());
        int v = 0;
        int h = 0;
        while (v < valid.size() || h < hostile.size()) {
            boolean takeHostile =
                    h < hostile.size()
                            && (v >= valid.size()
                                    || random.nextInt(valid.size() + hostile.size())
                                            < hostile.size());
            out.add(takeHostile ? hostile.get(h++).record() : valid.get(v++));
        }
        return out;
    }

    /**
     * Reason code by record key on the dead-letter topic, read to its end; a key seen twice fails.
     */
    private static Map<String, String> dlqKeys(KafkaServer kafka, String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "dlq-check-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 2 * 1024 * 1024);
        Map<String, String> seen = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(topic).stream()
                            .map(p -> new TopicPartition(topic, p.partition()))
                            .toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            consumer.seekToBeginning(partitions);
            Instant deadline = Instant.now().plusSeconds(60);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))
                    && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    String key = new String(r.key(), StandardCharsets.UTF_8);
                    String reason =
                            new String(
                                    r.headers().lastHeader("leadflow.reason-code").value(),
                                    StandardCharsets.UTF_8);
                    assertThat(seen.put(key, reason)).as("%s on the DLQ twice", key).isNull();
                }
            }
        }
        return seen;
    }

    private static String hex(String s) {
        return HexFormat.of().withUpperCase().formatHex(s.getBytes(StandardCharsets.UTF_8));
    }
}
