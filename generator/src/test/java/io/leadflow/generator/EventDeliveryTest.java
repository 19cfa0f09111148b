package io.leadflow.generator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class EventDeliveryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final GeneratedHistory HISTORY =
            new LeadHistoryGenerator(GeneratorSettings.defaults().withLeadCount(2_000)).generate();
    private static final DeliveryOptions OPTIONS =
            DeliveryOptions.defaults()
                    .withMaxDelay(Duration.ofMinutes(30))
                    .withDuplicateFraction(0.05)
                    .withMalformedFraction(0.02);

    private final DeliveryPlan plan = new EventDelivery(OPTIONS).plan(HISTORY.events());
    private final EventSchemas schemas = new EventSchemas();

    @Test
    void producesTheRequestedFractionsOfDuplicatesAndMalformedRecords() {
        int events = HISTORY.events().size();

        assertThat(plan.eventCount()).isEqualTo(events);
        assertThat(plan.duplicates()).hasSize((int) Math.round(0.05 * events));
        assertThat(plan.malformed()).hasSize((int) Math.round(0.02 * events));
        assertThat(plan.records())
                .hasSize(events + plan.duplicates().size() + plan.malformed().size());
        assertThat(plan.malformed().stream().map(MalformedRecord::expectedReasonCode))
                .containsOnly(
                        MalformedRecord.NOT_JSON,
                        MalformedRecord.SCHEMA_VIOLATION,
                        MalformedRecord.UNKNOWN_TYPE,
                        MalformedRecord.MISSING_LEAD_ID,
                        MalformedRecord.ABSURD_TIMESTAMP)
                .contains(
                        MalformedRecord.NOT_JSON,
                        MalformedRecord.SCHEMA_VIOLATION,
                        MalformedRecord.UNKNOWN_TYPE,
                        MalformedRecord.MISSING_LEAD_ID,
                        MalformedRecord.ABSURD_TIMESTAMP);
    }

    @Test
    void duplicatesAreTheSameBytesSentAgainLater() {
        for (KafkaRecord duplicate : plan.duplicates()) {
            int first = plan.records().indexOf(duplicate);
            int second = plan.records().lastIndexOf(duplicate);
            assertThat(second).isGreaterThan(first);
        }
    }

    @Test
    void arrivalsAreShuffledOnlyWithinTheDelayWindow() throws IOException {
        Instant latestSeen = Instant.MIN;
        int inversions = 0;
        for (KafkaRecord record : realRecords()) {
            Instant occurredAt =
                    Instant.parse(JSON.readTree(record.value()).path("occurredAt").asText());
            if (occurredAt.isBefore(latestSeen)) {
                inversions++;
                assertThat(Duration.between(occurredAt, latestSeen))
                        .isLessThanOrEqualTo(OPTIONS.maxDelay());
            } else {
                latestSeen = occurredAt;
            }
        }
        assertThat(inversions).isGreaterThan(100);
    }

    @Test
    void recordsAreRoutedByTypeAndKeyedByLead() throws IOException {
        for (KafkaRecord record : realRecords()) {
            JsonNode node = JSON.readTree(record.value());
            String type = node.path("type").asText();
            switch (type) {
                case "activity", "opportunity" -> {
                    assertThat(record.topic()).isEqualTo(TopicRouting.ACTIVITIES);
                    assertThat(record.key()).isEqualTo(node.path("leadId").asText());
                }
                case "campaign.cost" -> {
                    assertThat(record.topic()).isEqualTo(TopicRouting.LEADS);
                    assertThat(record.key())
                            .isEqualTo(
                                    "campaign:" + node.path("payload").path("campaign").asText());
                }
                default -> {
                    assertThat(record.topic()).isEqualTo(TopicRouting.LEADS);
                    assertThat(record.key()).isEqualTo(node.path("leadId").asText());
                }
            }
        }
    }

    @Test
    void malformedRecordsAreBrokenAsLabelledAndNeverReuseEventIds() {
        Set<String> realIds =
                HISTORY.events().stream().map(LeadEvent::eventId).collect(Collectors.toSet());
        Set<String> malformedIds = new HashSet<>();
        for (MalformedRecord record : plan.malformed()) {
            JsonNode node = parseOrNull(record.value());
            switch (record.expectedReasonCode()) {
                case MalformedRecord.NOT_JSON -> assertThat(node).isNull();
                case MalformedRecord.UNKNOWN_TYPE -> {
                    assertThat(node.path("type").asText()).isEqualTo("lead.deleted");
                    assertThat(schemas.knows(node.path("type").asText())).isFalse();
                }
                case MalformedRecord.MISSING_LEAD_ID -> {
                    assertThat(node.has("leadId")).isFalse();
                    assertThat(record.key()).isNull();
                }
                case MalformedRecord.SCHEMA_VIOLATION -> {
                    assertThat(node.path("leadId").asText()).isNotEmpty();
                    assertThat(schemas.knows(node.path("type").asText())).isTrue();
                    assertThat(schemas.validate(node)).as(node.toString()).isNotEmpty();
                }
                case MalformedRecord.ABSURD_TIMESTAMP -> {
                    assertThat(schemas.validate(node)).as(node.toString()).isEmpty();
                    assertThat(node.path("occurredAt").asText()).matches("(1970|2999)-.*");
                }
                default -> throw new AssertionError(record.expectedReasonCode());
            }
            if (node != null) {
                String id = node.path("eventId").asText();
                assertThat(id).startsWith("malformed-").isNotIn(realIds);
                assertThat(malformedIds.add(id)).isTrue();
            }
            assertThat(plan.records()).contains(record.toKafkaRecord());
        }
    }

    @Test
    void disorderDuplicatesAndMalformedRecordsDoNotChangeTheGroundTruth() {
        TruthReplay replay = new TruthReplay(schemas);
        GroundTruth replayed =
                replay.replay(plan.records().stream().map(KafkaRecord::value).toList());

        assertThat(replay.rejected()).isEqualTo(plan.malformed().size());
        assertThat(replay.duplicates()).isEqualTo(plan.duplicates().size());
        assertThat(replayed).isEqualTo(HISTORY.truth());
    }

    @Test
    void planningIsDeterministicAndInOrderOptionsChangeNothing() {
        DeliveryPlan again = new EventDelivery(OPTIONS).plan(HISTORY.events());
        DeliveryPlan inOrder = new EventDelivery(DeliveryOptions.inOrder()).plan(HISTORY.events());

        assertThat(again.records()).isEqualTo(plan.records());
        assertThat(inOrder.records())
                .containsExactlyElementsOf(
                        HISTORY.events().stream().map(TopicRouting.defaults()::route).toList());
    }

    /** The real events in arrival order, first copies only. */
    private List<KafkaRecord> realRecords() {
        Set<KafkaRecord> malformed =
                plan.malformed().stream()
                        .map(MalformedRecord::toKafkaRecord)
                        .collect(Collectors.toSet());
        Map<KafkaRecord, Integer> seen = new HashMap<>();
        List<KafkaRecord> real = new ArrayList<>();
        for (KafkaRecord record : plan.records()) {
            if (!malformed.contains(record) && seen.merge(record, 1, Integer::sum) == 1) {
                real.add(record);
            }
        }
        assertThat(real).hasSize(plan.eventCount());
        return real;
    }

    private static JsonNode parseOrNull(byte[] value) {
        try {
            return JSON.readTree(value);
        } catch (IOException e) {
            return null;
        }
    }
}
