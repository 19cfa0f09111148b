package io.leadflow.e2e;

import io.leadflow.e2e.testing.ClickHouseExtension;
import io.leadflow.e2e.testing.ClickHouseServer;
import io.leadflow.e2e.testing.KafkaExtension;
import io.leadflow.e2e.testing.KafkaServer;
import io.leadflow.generator.DeliveryOptions;
import io.leadflow.generator.DeliveryPlan;
import io.leadflow.generator.EventDelivery;
import io.leadflow.generator.GeneratedHistory;
import io.leadflow.generator.GeneratorSettings;
import io.leadflow.generator.LeadEvent;
import io.leadflow.generator.LeadHistoryGenerator;
import io.leadflow.generator.TopicRouting;
import io.leadflow.schema.clickhouse.ClickHouseHttp;

import org.apache.flink.test.junit5.MiniClusterExtension;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole pipeline on real components: generated lead histories, delivered out of order with
 * duplicates and malformed records, go through a real Kafka broker, the real job on a Flink
 * MiniCluster, and land in a real ClickHouse, where every lead is compared with the generator's
 * ground truth.
 */
@ExtendWith({KafkaExtension.class, ClickHouseExtension.class})
class EndToEndIT {

    @RegisterExtension static final MiniClusterExtension FLINK = TestPipelines.miniCluster();

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void generatedHistoryLandsInClickHouseExactlyAsTheGroundTruth(
            KafkaServer kafka, ClickHouseServer clickHouse, @TempDir Path checkpoints)
            throws Exception {
        TestPipelines.Run run = TestPipelines.create(kafka, clickHouse, checkpoints, "e2e");
        TopicRouting routing = run.routing();
        String dlqTopic = run.config().kafka().dlqTopic();

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
        run.send(plan.records());
        run.runBounded();

        ClickHouseHttp ch = run.clickHouse();
        GroundTruthCheck.assertLeadsMatchTruth(ch, history);
        GroundTruthCheck.assertTransitionsMatchTruth(ch, history);
        GroundTruthCheck.assertRejectionsMatchTruth(ch, history);
        GroundTruthCheck.assertFunnelViewsMatchTruth(ch, history);
        GroundTruthCheck.assertConversionWindowsMatchTruth(ch, history, List.of(3, 45));
        GroundTruthCheck.assertSourceMetricsMatchTruth(ch, history);
        GroundTruthCheck.assertSpeedToLeadMatchesTruth(ch, history);
        GroundTruthCheck.assertUntouchedLeadsMatchTruth(ch, history);
        GroundTruthCheck.assertReengagementMatchesTruth(ch, history);
        GroundTruthCheck.assertDeadLettersMatch(ch, plan, routing);
        GroundTruthCheck.assertDeadLetterTopicHoldsEveryRejectedRecord(kafka, dlqTopic, plan);
        assertThat(ch.queryLong("SELECT count() FROM late_events"))
                .as("12 h of disorder is well within the 7-day allowed lateness")
                .isZero();
        assertThat(ch.queryLong("SELECT count() FROM campaign_costs FINAL"))
                .as("one row per (day, source, campaign) spend report")
                .isEqualTo(
                        history.events().stream()
                                .filter(e -> LeadEvent.CAMPAIGN_COST.equals(e.type()))
                                .count());
    }
}
