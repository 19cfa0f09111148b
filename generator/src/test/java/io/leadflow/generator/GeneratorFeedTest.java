package io.leadflow.generator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class GeneratorFeedTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final MockProducer<String, byte[]> producer =
            new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());

    @Test
    void producerIsDurableAndBatchesWithLz4() {
        Properties properties = GeneratorFeed.producerProperties("localhost:9092");

        assertThat(properties)
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4")
                .containsEntry(ProducerConfig.LINGER_MS_CONFIG, 10);
    }

    @Test
    void sendsEveryRecordInOrderAtTheTargetRate() {
        GeneratedHistory history =
                new LeadHistoryGenerator(GeneratorSettings.defaults().withLeadCount(50)).generate();
        List<KafkaRecord> records =
                new EventDelivery(DeliveryOptions.defaults()).plan(history.events()).records();
        List<KafkaRecord> shortRun = records.subList(0, 200);
        List<FeedProgress> reports = new ArrayList<>();

        FeedProgress done;
        try (GeneratorFeed feed =
                new GeneratorFeed(producer, Duration.ofMillis(50), Clock.systemUTC())) {
            done = feed.send(shortRun, 1_000, reports::add);
        }

        assertThat(done.sent()).isEqualTo(200);
        assertThat(done.elapsed()).isGreaterThanOrEqualTo(Duration.ofMillis(190));
        assertThat(reports).hasSizeGreaterThanOrEqualTo(2).last().isEqualTo(done);
        assertThat(producer.history().stream().map(GeneratorFeedTest::toRecord))
                .containsExactlyElementsOf(shortRun);
    }

    @Test
    void liveModeSendsFreshLeadsWithEventTimesAtTheWallClock() throws Exception {
        Instant before = Instant.now().minusSeconds(1);
        LiveFeedSettings live =
                LiveFeedSettings.defaults()
                        .withLeadsPerSecond(100)
                        .withTempo(100_000)
                        .withDuration(Duration.ofMillis(1_500));

        FeedProgress done;
        try (GeneratorFeed feed =
                new GeneratorFeed(producer, Duration.ofMillis(200), Clock.systemUTC())) {
            done = feed.runLive(live, progress -> {});
        }
        Instant after = Instant.now().plusSeconds(1);

        EventSchemas schemas = new EventSchemas();
        Set<String> created = new HashSet<>();
        List<ProducerRecord<String, byte[]>> sent = producer.history();
        assertThat(sent).hasSize((int) done.sent()).hasSizeGreaterThan(100);
        for (ProducerRecord<String, byte[]> record : sent) {
            JsonNode event = JSON.readTree(record.value());
            assertThat(schemas.validate(event)).isEmpty();
            if (event.path("type").asText().equals(LeadEvent.CAMPAIGN_COST)) {
                continue;
            }
            assertThat(Instant.parse(event.path("occurredAt").asText())).isBetween(before, after);
            String leadId = event.path("leadId").asText();
            assertThat(leadId).startsWith("live-");
            if (event.path("type").asText().equals(LeadEvent.LEAD_CREATED)) {
                created.add(leadId);
            } else {
                assertThat(created).as("created before other events").contains(leadId);
            }
        }
        assertThat(created).hasSizeGreaterThan(50);
    }

    @Test
    void endlessLiveModeStopsOnRequest() throws Exception {
        GeneratorFeed feed = new GeneratorFeed(producer, Duration.ofSeconds(5), Clock.systemUTC());
        CompletableFuture<FeedProgress> run =
                CompletableFuture.supplyAsync(
                        () -> feed.runLive(LiveFeedSettings.defaults().withLeadsPerSecond(50)));
        // Stop once it is running: a fixed sleep lost the race on a loaded machine (0 sent).
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (producer.history().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        feed.stop();

        assertThat(run.get(5, TimeUnit.SECONDS).sent()).isPositive();
        feed.close();
    }

    private static KafkaRecord toRecord(ProducerRecord<String, byte[]> record) {
        return new KafkaRecord(record.topic(), record.key(), record.value());
    }
}
