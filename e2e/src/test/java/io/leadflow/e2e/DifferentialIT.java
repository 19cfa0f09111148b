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
import io.leadflow.generator.TopicRouting;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The correctness contract (SPEC section 3) as a differential test: one seeded history of 10,000
 * leads is fed (a) in event-time order, (b) shuffled within three days with 10% duplicates, and (c)
 * like (b) with the job cancelled half-way and restored from its last checkpoint. The three
 * ClickHouse databases must hold exactly the same rows and funnel views, and those must equal the
 * generator's ground truth, computed without any of the job's code; every aggregate table, SLA
 * compliance included, equals the same question answered from the per-lead layer.
 */
@ExtendWith({KafkaExtension.class, ClickHouseExtension.class})
class DifferentialIT {

    @RegisterExtension static final MiniClusterExtension FLINK = TestPipelines.miniCluster();

    /**
     * An SLA policy, so SLA compliance is compared too: its clocks' breaches are decided on the
     * watermark, which stands elsewhere in each run.
     */
    private static final String SLA_RULES =
            """
            {"policies": [{"name": "mql-4h", "start": "became_mql", "stop": "first_attempt",
              "deadline": "4h", "warnAt": 0.5}]}
            """;

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void orderDuplicatesAndRestartsDoNotChangeTheResult(
            KafkaServer kafka, ClickHouseServer clickHouse, @TempDir Path dir) throws Exception {
        GeneratedHistory history =
                new LeadHistoryGenerator(
                                GeneratorSettings.defaults()
                                        .withSeed(2026L)
                                        .withLeadCount(10_000)
                                        .withLeadIdPrefix("diff-"))
                        .generate();

        TestPipelines.Run inOrder =
                TestPipelines.create(kafka, clickHouse, dir, "ordered").withRules(SLA_RULES);
        inOrder.send(records(history, inOrder.routing(), Duration.ZERO, 0));
        inOrder.runBounded();

        TestPipelines.Run shuffled =
                TestPipelines.create(kafka, clickHouse, dir, "shuffled").withRules(SLA_RULES);
        shuffled.send(records(history, shuffled.routing(), Duration.ofDays(3), 0.10));
        shuffled.runBounded();

        TestPipelines.Run restarted =
                TestPipelines.create(kafka, clickHouse, dir, "restarted").withRules(SLA_RULES);
        List<KafkaRecord> all = records(history, restarted.routing(), Duration.ofDays(3), 0.10);
        int half = all.size() / 2;
        restarted.send(all.subList(0, half));
        JobClient first = restarted.start(null);
        assertThat(
                        TestPipelines.await(
                                () ->
                                        restarted.completedCheckpoint().isPresent()
                                                && restarted
                                                                .clickHouse()
                                                                .queryLong(
                                                                        "SELECT count() FROM lead_state")
                                                        > 1_000,
                                90))
                .as("the first half is being processed and checkpointed")
                .isTrue();
        first.cancel().get(30, TimeUnit.SECONDS);
        restarted.send(all.subList(half, all.size()));
        JobClient second = restarted.start(restarted.completedCheckpoint().orElseThrow());
        try {
            // Each sink flushes on its own, so wait until both lead rows and transitions are in.
            TestPipelines.await(
                    () ->
                            GroundTruthCheck.allMatch(restarted.clickHouse(), history)
                                    && AggregateOracle.allMatch(restarted.clickHouse()),
                    150);
        } finally {
            second.cancel().get(30, TimeUnit.SECONDS);
        }

        for (TestPipelines.Run run : List.of(inOrder, shuffled, restarted)) {
            GroundTruthCheck.assertLeadsMatchTruth(run.clickHouse(), history);
            GroundTruthCheck.assertTransitionsMatchTruth(run.clickHouse(), history);
            GroundTruthCheck.assertRejectionsMatchTruth(run.clickHouse(), history);
            // The aggregates the job kept equal the per-lead layer's answers, after every run.
            AggregateOracle.assertAllMatch(run.clickHouse(), true);
        }
        // Every column of every table and view, not a chosen few (ResultTables derives the lead
        // row's columns from the sink's own table definition).
        Map<String, String> reference = ResultTables.of(inOrder.clickHouse());
        for (TestPipelines.Run run : List.of(shuffled, restarted)) {
            ResultTables.assertSame(reference, ResultTables.of(run.clickHouse()), run.id());
        }
    }

    private static List<KafkaRecord> records(
            GeneratedHistory history, TopicRouting routing, Duration maxDelay, double duplicates) {
        return new EventDelivery(new DeliveryOptions(11L, maxDelay, duplicates, 0, routing))
                .plan(history.events())
                .records();
    }
}
