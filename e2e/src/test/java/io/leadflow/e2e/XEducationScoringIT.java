package io.leadflow.e2e;

import io.leadflow.e2e.testing.ClickHouseExtension;
import io.leadflow.e2e.testing.ClickHouseServer;
import io.leadflow.e2e.testing.KafkaExtension;
import io.leadflow.e2e.testing.KafkaServer;
import io.leadflow.generator.replay.NeedsDatasets;
import io.leadflow.generator.replay.XEducationDataset;
import io.leadflow.generator.replay.XEducationLeads;
import io.leadflow.generator.replay.XEducationReplayPlan;
import io.leadflow.jobs.config.LeadflowConfig;
import io.leadflow.jobs.scoring.ScoringModelFile;
import io.leadflow.schema.clickhouse.ClickHouseHttp;

import org.apache.flink.test.junit5.MiniClusterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The example X Education model scored over the real 9,240 leads, and leadflow's calibration
 * measured against a computation done here: the AUC as the Mann-Whitney count over every pair of a
 * converted and a not converted lead, and the top-decile lift by walking the leads in score order.
 */
@ExtendWith({KafkaExtension.class, ClickHouseExtension.class})
@NeedsDatasets(NeedsDatasets.X_EDUCATION)
class XEducationScoringIT {

    @RegisterExtension static final MiniClusterExtension FLINK = TestPipelines.miniCluster();

    private static final Path MODEL = Path.of("..", "jobs", "scoring-model.x-education.json");

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void leadflowsAucAndLiftEqualAnIndependentComputationOverTheSameScores(
            KafkaServer kafka, ClickHouseServer clickHouse, @TempDir Path dir) throws Exception {
        TestPipelines.Run base = TestPipelines.create(kafka, clickHouse, dir, "xedu");
        LeadflowConfig config = base.config().withScoring(ScoringModelFile.read(MODEL.toString()));
        TestPipelines.Run run = base.withConfig(config);
        XEducationReplayPlan plan = new XEducationLeads().read(XEducationDataset.file());
        run.send(plan.kafkaRecords(config.kafka().leadsTopic(), config.kafka().activitiesTopic()));
        run.runBounded();
        ClickHouseHttp ch = run.clickHouse();

        List<double[]> leads = new ArrayList<>();
        for (JsonNode row :
                ch.query(
                        "SELECT calibration_score, reached_sql_at IS NOT NULL AS sql,"
                                + " won_at IS NOT NULL AS won FROM lead_score_current FINAL"
                                + " WHERE model_version = 'xedu-v1'")) {
            leads.add(
                    new double[] {
                        row.get("calibration_score").asDouble(),
                        row.get("sql").asInt(),
                        row.get("won").asInt()
                    });
        }
        assertThat(leads).hasSize(XEducationDataset.LEADS);
        assertThat(leads.stream().filter(l -> l[1] == 1).count())
                .isEqualTo(XEducationDataset.CONVERTED);

        for (String outcome : List.of("sql", "won")) {
            int column = outcome.equals("sql") ? 1 : 2;
            JsonNode measured =
                    ch.query(
                                    "SELECT auc, top_decile_lift, leads, converted FROM score_auc"
                                            + " WHERE model_version = 'xedu-v1' AND outcome = '"
                                            + outcome
                                            + "'")
                            .get(0);
            assertThat(measured.get("leads").asLong()).isEqualTo(XEducationDataset.LEADS);
            assertThat(measured.get("auc").asDouble())
                    .as("AUC to %s", outcome)
                    .isCloseTo(mannWhitney(leads, column), within(1e-9));
            assertThat(measured.get("top_decile_lift").asDouble())
                    .as("top-decile lift to %s", outcome)
                    .isCloseTo(topDecileLift(leads, column), within(1e-9));
        }
        assertThat(
                        ch.queryLong(
                                "SELECT sum(leads) FROM score_calibration"
                                        + " WHERE model_version = 'xedu-v1'"))
                .isEqualTo(XEducationDataset.LEADS);
    }

    /** P(converted lead scores above a not converted one), ties half: every pair counted. */
    private static double mannWhitney(List<double[]> leads, int column) {
        double[] negatives =
                leads.stream()
                        .filter(l -> l[column] == 0)
                        .mapToDouble(l -> l[0])
                        .sorted()
                        .toArray();
        double wins = 0;
        long positives = 0;
        for (double[] lead : leads) {
            if (lead[column] == 0) {
                continue;
            }
            positives++;
            int below = lowerBound(negatives, lead[0]);
            int upTo = upperBound(negatives, lead[0]);
            wins += below + (upTo - below) / 2.0;
        }
        return wins / (positives * (double) negatives.length);
    }

    /** Conversion among the top tenth of leads by score, ties at the cut shared, over the rate. */
    private static double topDecileLift(List<double[]> leads, int column) {
        double[][] sorted = leads.toArray(new double[0][]);
        Arrays.sort(sorted, (a, b) -> Double.compare(b[0], a[0]));
        int n = sorted.length;
        long k = (long) Math.ceil(n / 10.0);
        double converted = 0;
        double total = 0;
        int i = 0;
        double taken = 0;
        while (i < n) {
            int j = i;
            double group = 0;
            while (j < n && sorted[j][0] == sorted[i][0]) {
                group += sorted[j][column];
                j++;
            }
            int size = j - i;
            double share = Math.max(0, Math.min(size, k - taken)) / size;
            converted += group * share;
            taken += size * share;
            total += group;
            i = j;
        }
        return (converted / k) / (total / n);
    }

    private static int lowerBound(double[] sorted, double value) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < value) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static int upperBound(double[] sorted, double value) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= value) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
