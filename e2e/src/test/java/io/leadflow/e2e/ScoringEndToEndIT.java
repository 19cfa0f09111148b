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
import io.leadflow.generator.LeadHistoryGenerator;
import io.leadflow.jobs.aggregate.Aggregate;
import io.leadflow.jobs.config.LeadflowConfig;
import io.leadflow.jobs.lifecycle.EventOrder;
import io.leadflow.jobs.lifecycle.LeadLifecycle;
import io.leadflow.jobs.lifecycle.LeadProgress;
import io.leadflow.jobs.scoring.LeadFacts;
import io.leadflow.jobs.scoring.LeadScorer;
import io.leadflow.jobs.scoring.ScoredActivity;
import io.leadflow.jobs.scoring.ScoringInputs;
import io.leadflow.jobs.scoring.ScoringModel;
import io.leadflow.jobs.scoring.ScoringModelFile;
import io.leadflow.jobs.scoring.ScoringModelParser;
import io.leadflow.jobs.sla.AlertRules;
import io.leadflow.jobs.sla.SlaPolicyFile;
import io.leadflow.schema.clickhouse.ClickHouseHttp;
import io.leadflow.schema.event.LeadEvent;
import io.leadflow.schema.parse.EventParser;
import io.leadflow.schema.parse.ParseOutcome;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Lead scoring through real Kafka, Flink and ClickHouse: a history is scored under the example
 * model; a second version is published in shadow mid-stream and every lead is rescored from state
 * at once; a bad command is a dead letter; the shadow is promoted; every current score equals an
 * independent recomputation from the events, and calibration exists for both versions.
 */
@ExtendWith({KafkaExtension.class, ClickHouseExtension.class})
class ScoringEndToEndIT {

    @RegisterExtension static final MiniClusterExtension FLINK = TestPipelines.miniCluster();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path EXAMPLE = Path.of("..", "jobs", "scoring-model.example.json");

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aShadowVersionIsScoredBesideTheActiveOneThenPromoted(
            KafkaServer kafka, ClickHouseServer clickHouse, @TempDir Path dir) throws Exception {
        TestPipelines.Run base = TestPipelines.create(kafka, clickHouse, dir, "scoring");
        // An SLA policy for the leads scoring 40 or more: covered by the score after each event.
        LeadflowConfig scored =
                base.config().withScoring(ScoringModelFile.read(EXAMPLE.toString()));
        LeadflowConfig config =
                scored.withSla(
                        scored.sla()
                                .withPolicies(
                                        new SlaPolicyFile(
                                                "test",
                                                AlertRules.parse(
                                                        "{\"policies\": [{\"name\": \"hot-40\","
                                                                + " \"leads\": {\"minScore\": 40},"
                                                                + " \"start\": \"created\","
                                                                + " \"stop\": \"first_attempt\","
                                                                + " \"deadline\": \"1h\"}],"
                                                                + " \"hotLeads\": [{\"name\":"
                                                                + " \"jump-15\", \"activities\":"
                                                                + " [\"rfq\", \"email_click\"],"
                                                                + " \"scoreJump\": 15}]}",
                                                        "test"))));
        TestPipelines.Run run = base.withConfig(config);
        GeneratedHistory history =
                new LeadHistoryGenerator(
                                GeneratorSettings.defaults()
                                        .withLeadCount(300)
                                        .withLeadIdPrefix("score-" + run.id() + "-"))
                        .generate();
        List<KafkaRecord> records =
                new EventDelivery(
                                new DeliveryOptions(
                                        5L, java.time.Duration.ZERO, 0, 0, run.routing()))
                        .plan(history.events())
                        .records();
        run.send(records);
        Map<String, List<LeadEvent>> byLead = leadEvents(records);
        int leads = byLead.size();
        long events = byLead.values().stream().mapToLong(List::size).sum();

        String v2Text =
                Files.readString(EXAMPLE)
                        .replace("\"b2b-v1\"", "\"b2b-v2\"")
                        .replace(
                                "\"urlContains\": [\"/pricing\"], \"points\": 10",
                                "\"urlContains\": [\"/pricing\"], \"points\": 20");
        assertThat(v2Text).contains("\"points\": 20");
        ScoringModel v2 = ScoringModelParser.parse(JSON.readTree(v2Text), "test");
        ScoringModel v1 =
                ScoringModelParser.parse(JSON.readTree(Files.readString(EXAMPLE)), "test");
        java.util.Set<String> hot = new java.util.TreeSet<>();

        JobClient job = run.start(null);
        ClickHouseHttp ch = run.clickHouse();
        try {
            assertThat(
                            TestPipelines.await(
                                    () ->
                                            ch.queryLong(
                                                                    "SELECT sum(events_applied) FROM lead_state FINAL")
                                                            >= events
                                                    && scored(ch, "b2b-v1") == leads,
                                    120))
                    .as(
                            "the history is in and scored under b2b-v1: %d of %d leads",
                            scored(ch, "b2b-v1"), leads)
                    .isTrue();

            String configTopic = config.kafka().configTopic();
            publish(
                    run,
                    configTopic,
                    "{\"scoring\": {\"publish\": " + v2Text + ", \"as\": \"shadow\"}}");
            assertThat(TestPipelines.await(() -> scored(ch, "b2b-v2") == leads, 60))
                    .as("every lead rescored from state under the shadow, without new events")
                    .isTrue();
            assertThat(
                            ch.queryLong(
                                    "SELECT count() FROM lead_score_current FINAL"
                                            + " WHERE model_version = 'b2b-v2' AND active = 1"))
                    .as("a shadow drives nothing")
                    .isZero();

            publish(run, configTopic, "{\"scoring\": {\"promote\": \"b2b-v9\"}}");
            assertThat(
                            TestPipelines.await(
                                    () ->
                                            ch.queryLong(
                                                            "SELECT count() FROM dead_letters"
                                                                    + " WHERE reason_code = 'INVALID_SCORING'"
                                                                    + " AND position(reason, 'no version ''b2b-v9''') > 0")
                                                    == 1,
                                    60))
                    .as("promoting an unknown version is a dead letter naming it")
                    .isTrue();

            publish(run, configTopic, "{\"scoring\": {\"promote\": \"b2b-v2\"}}");
            assertThat(
                            TestPipelines.await(
                                    () ->
                                            ch.queryLong(
                                                                    "SELECT count() FROM lead_score_current FINAL"
                                                                            + " WHERE model_version = 'b2b-v2' AND active = 1")
                                                            == leads
                                                    && ch.queryLong(
                                                                    "SELECT count() FROM lead_score_current FINAL"
                                                                            + " WHERE model_version = 'b2b-v1' AND reason = 'retired'")
                                                            == leads,
                                    60))
                    .as("promoted: b2b-v2 active for every lead, b2b-v1 retired")
                    .isTrue();

            // Live: an RFQ (25 points) makes a lead hot by its score jump, an email click (3)
            // does not.
            java.time.Instant now =
                    java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            String rfqLead = "jump-rfq-" + run.id();
            String clickLead = "jump-click-" + run.id();
            run.send(
                    java.util.stream.Stream.of(
                                    live(
                                            rfqLead,
                                            "lead.created",
                                            now,
                                            "{\"channel\": \"web_form\"}"),
                                    live(
                                            rfqLead,
                                            "activity",
                                            now.plusSeconds(1),
                                            "{\"kind\": \"rfq\", \"direction\": \"inbound\"}"),
                                    live(
                                            clickLead,
                                            "lead.created",
                                            now,
                                            "{\"channel\": \"web_form\"}"),
                                    live(
                                            clickLead,
                                            "activity",
                                            now.plusSeconds(1),
                                            "{\"kind\": \"email_click\", \"direction\": \"inbound\"}"))
                            .map(run.routing()::route)
                            .toList());
            assertThat(
                            TestPipelines.await(
                                    () ->
                                            ch.queryLong(
                                                                    "SELECT count() FROM sla_alerts FINAL"
                                                                            + " WHERE policy = 'jump-15' AND lead_id = '"
                                                                            + rfqLead
                                                                            + "'")
                                                            == 1
                                                    && scored(ch, "b2b-v2") == leads + 2,
                                    60))
                    .as("the RFQ's score jump makes its lead hot")
                    .isTrue();
            assertThat(
                            ch.queryLong(
                                    "SELECT count() FROM sla_alerts FINAL WHERE policy = 'jump-15'"
                                            + " AND lead_id = '"
                                            + clickLead
                                            + "'"))
                    .as("an email click is no jump of 15")
                    .isZero();
            // lead_state carries each lead's active score: the promotion rewrote the rows of
            // leads with no event since, the live leads' rows got it with their events.
            assertThat(
                            TestPipelines.await(
                                    () ->
                                            ch.queryLong(
                                                            "SELECT count() FROM lead_state FINAL"
                                                                    + " ANY INNER JOIN (SELECT lead_id,"
                                                                    + " total, grade, model_version,"
                                                                    + " sales_ready, scored_at"
                                                                    + " FROM lead_score_current FINAL"
                                                                    + " WHERE active = 1) USING (lead_id)"
                                                                    + " WHERE score = total"
                                                                    + " AND score_grade = grade"
                                                                    + " AND score_model_version = model_version"
                                                                    + " AND score_sales_ready = sales_ready"
                                                                    + " AND score_scored_at = scored_at")
                                                    == leads + 2,
                                    60))
                    .as("every lead_state row has the lead's active score of lead_score_current")
                    .isTrue();
            assertThat(
                            ch.queryLong(
                                    "SELECT count() FROM lead_state_scored"
                                            + " WHERE score_model_version = 'b2b-v2'"))
                    .isEqualTo(leads + 2);

            // Every current b2b-v2 score is the score of the lead's events, computed here alone.
            Map<String, JsonNode> current = new HashMap<>();
            for (JsonNode row :
                    ch.query(
                            "SELECT lead_id, toUnixTimestamp(scored_at) AS at, total,"
                                    + " calibration_score, grade, rule_id FROM lead_score_current FINAL"
                                    + " WHERE model_version = 'b2b-v2'")) {
                current.put(row.get("lead_id").asText(), row);
            }
            int nonZero = 0;
            for (Map.Entry<String, List<LeadEvent>> lead : byLead.entrySet()) {
                List<LeadEvent> sorted = new ArrayList<>(lead.getValue());
                sorted.sort(EventOrder.COMPARATOR);
                LeadProgress progress =
                        LeadLifecycle.advance(
                                config.lifecycle().allowedTransitions(),
                                lead.getKey(),
                                null,
                                sorted);
                LeadFacts facts = ScoringInputs.facts(progress);
                List<ScoredActivity> activities = new ArrayList<>();
                for (LeadEvent e : sorted) {
                    ScoredActivity a = ScoringInputs.activity(e);
                    if (a != null) {
                        activities.add(a);
                    }
                }
                activities.sort(null);
                long at =
                        Math.max(
                                facts.lastEventAt(),
                                activities.isEmpty()
                                        ? 0
                                        : activities.get(activities.size() - 1).at());
                JsonNode row = current.get(lead.getKey());
                assertThat(row).as("a score for %s", lead.getKey()).isNotNull();
                // The last event's moment, or a model change's: the job's clock then, a whole
                // second, never before the lead's last event.
                long scoredAt = row.get("at").asLong() * 1000;
                assertThat(scoredAt).isGreaterThanOrEqualTo(Math.floorDiv(at, 1000) * 1000);
                long lastAt = at;
                if (scoredAt > at) {
                    at = scoredAt;
                }
                var expected = LeadScorer.score(v2, facts, activities, at);
                assertThat(row.get("total").asDouble())
                        .as("total of %s", lead.getKey())
                        .isCloseTo(expected.total(), within(1e-9));
                assertThat(row.get("grade").asText()).isEqualTo(expected.grade());
                assertThat(row.get("calibration_score").asDouble())
                        .isCloseTo(
                                LeadScorer.peak(v2, facts, activities, facts.reachedSqlAt(), at),
                                within(1e-9));
                if (expected.total() > 0) {
                    nonZero++;
                }
                // The history came in under b2b-v1: its score after the lead's last event.
                if (LeadScorer.score(v1, facts, activities, lastAt).total() >= 40) {
                    hot.add(lead.getKey());
                }
            }
            assertThat(nonZero).as("the model scores most leads").isGreaterThan(leads / 2);
            assertThat(hot)
                    .as("some leads score 40 or more, not all")
                    .isNotEmpty()
                    .hasSizeLessThan(leads);
            java.util.Set<String> covered = new java.util.TreeSet<>();
            for (JsonNode row :
                    ch.query(
                            "SELECT lead_id FROM sla_clocks FINAL WHERE policy = 'hot-40' AND covered = 1")) {
                covered.add(row.get("lead_id").asText());
            }
            assertThat(covered)
                    .as("the minScore policy covers exactly the leads scoring 40 or more")
                    .isEqualTo(hot);

            // The job's calibration table counts each lead's newest row per version, as a count
            // over lead_score_current does (rows of both arrive with their checkpoints).
            TestPipelines.await(
                    () ->
                            AggregateOracle.table(ch, Aggregate.SCORE_CALIBRATION)
                                    .equals(
                                            AggregateOracle.oracle(
                                                    ch, Aggregate.SCORE_CALIBRATION)),
                    30);
            assertThat(AggregateOracle.table(ch, Aggregate.SCORE_CALIBRATION))
                    .as("score_calibration_monthly against a count over lead_score_current")
                    .isNotEmpty()
                    .isEqualTo(AggregateOracle.oracle(ch, Aggregate.SCORE_CALIBRATION));
            assertThat(
                            ch.queryText(
                                            "SELECT groupUniqArray(model_version) FROM score_calibration")
                                    .trim())
                    .contains("b2b-v1")
                    .contains("b2b-v2");
            assertThat(
                            ch.queryLong(
                                    "SELECT sum(leads) FROM score_calibration WHERE model_version = 'b2b-v2'"))
                    .isEqualTo(leads + 2);
            assertThat(ch.queryLong("SELECT count() FROM score_auc WHERE auc BETWEEN 0 AND 1"))
                    .as("AUC for conversion to SQL and to won, for both versions")
                    .isEqualTo(4);

            // Sales-ready moves: at most once per lead and cycle, by the model in force.
            for (JsonNode row :
                    ch.query(
                            "SELECT lead_id, arrayFilter((r, s) -> r = 'score', transition_reason,"
                                    + " transition_to_status) AS reasons,"
                                    + " arrayFilter((a, r) -> r = 'score', transition_actor,"
                                    + " transition_reason) AS actors FROM lead_state FINAL"
                                    + " WHERE has(transition_reason, 'score')")) {
                assertThat(row.get("actors").get(0).asText()).startsWith("model:b2b-v");
            }
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
    }

    private static long scored(ClickHouseHttp ch, String version) {
        return ch.queryLong(
                "SELECT uniqExact(lead_id) FROM lead_score_current FINAL WHERE model_version = '"
                        + version
                        + "'");
    }

    private static void publish(TestPipelines.Run run, String topic, String document) {
        run.send(
                List.of(
                        new KafkaRecord(
                                topic, "scoring", document.getBytes(StandardCharsets.UTF_8))));
    }

    /** The distinct lead events of the records, parsed as the job parses them. */
    private static Map<String, List<LeadEvent>> leadEvents(List<KafkaRecord> records) {
        EventParser parser = new EventParser();
        Map<String, LeadEvent> distinct = new LinkedHashMap<>();
        for (KafkaRecord record : records) {
            ParseOutcome outcome = parser.parse(record.value());
            if (outcome.isAccepted() && outcome.event().leadId() != null) {
                distinct.putIfAbsent(outcome.event().eventId(), outcome.event());
            }
        }
        Map<String, List<LeadEvent>> byLead = new LinkedHashMap<>();
        for (LeadEvent event : distinct.values()) {
            byLead.computeIfAbsent(event.leadId(), k -> new ArrayList<>()).add(event);
        }
        return byLead;
    }

    private static io.leadflow.generator.LeadEvent live(
            String leadId, String type, java.time.Instant at, String payload) {
        try {
            return new io.leadflow.generator.LeadEvent(
                    leadId + "/" + type,
                    type,
                    leadId,
                    at,
                    "web",
                    (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(payload));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
