package io.leadflow.e2e;

import io.leadflow.cli.replay.BoundedReplay;
import io.leadflow.cli.replay.ConversionBySource;
import io.leadflow.e2e.testing.ClickHouseExtension;
import io.leadflow.e2e.testing.ClickHouseServer;
import io.leadflow.e2e.testing.KafkaExtension;
import io.leadflow.e2e.testing.KafkaServer;
import io.leadflow.generator.replay.NeedsDatasets;
import io.leadflow.generator.replay.OlistDataset;
import io.leadflow.generator.replay.OlistFunnel;
import io.leadflow.generator.replay.OlistReplayPlan;
import io.leadflow.jobs.LeadflowJob;
import io.leadflow.jobs.config.LeadflowConfig;
import io.leadflow.schema.clickhouse.ClickHouseHttp;
import io.leadflow.schema.clickhouse.SchemaMigrator;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Olist replay end to end: the real data set converted, produced to a real Kafka broker, the
 * real job bounded over exactly the produced offsets on a Flink MiniCluster, and the result in a
 * real ClickHouse compared with a join of the two CSV files computed here with plain Java.
 */
@ExtendWith({KafkaExtension.class, ClickHouseExtension.class})
@NeedsDatasets
class OlistReplayIT {

    @RegisterExtension static final MiniClusterExtension FLINK = TestPipelines.miniCluster();

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void clickHouseHoldsEveryOlistLeadAndTheWinsOfTheCsvJoin(
            KafkaServer kafka, ClickHouseServer clickHouse, @TempDir Path checkpoints)
            throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String leads = "olist-leads-" + run;
        String activities = "olist-activities-" + run;
        kafka.createTopics(2, leads, activities, "olist-dlq-" + run);

        String database = clickHouse.freshDatabase("olist");
        ClickHouseHttp ch =
                new ClickHouseHttp(
                        URI.create(clickHouse.httpUrl()),
                        database,
                        clickHouse.user(),
                        clickHouse.password());
        new SchemaMigrator(ch, database).migrate();
        LeadflowConfig defaults = LeadflowConfig.defaults();
        LeadflowConfig config =
                defaults.withKafka(
                                defaults.kafka()
                                        .withBootstrap(kafka.bootstrapServers())
                                        .withTopics(
                                                leads,
                                                activities,
                                                "olist-dlq-" + run,
                                                "olist-config-" + run,
                                                "olist-alerts-" + run))
                        .withClickHouse(
                                defaults.clickHouse()
                                        .withUrl(clickHouse.httpUrl())
                                        .withDatabase(database)
                                        .withCredentials(clickHouse.user(), clickHouse.password()))
                        .withJob(
                                defaults.job()
                                        .withParallelism(2)
                                        .withCheckpointing(
                                                checkpoints.toUri().toString(),
                                                Duration.ofSeconds(2)));

        OlistReplayPlan plan = new OlistFunnel().read(OlistDataset.dir());
        Configuration flink = LeadflowJob.flinkConfiguration(config);
        // Production retries forever; a broken test must fail instead of hanging.
        flink.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS, 2);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
        env.setParallelism(2);
        BoundedReplay.Range range =
                new BoundedReplay(config)
                        .run(plan.kafkaRecords(leads, activities), env, line -> {});
        assertThat(range.size()).isEqualTo(plan.records().size()).isEqualTo(range.produced());

        ConversionBySource conversion = ConversionBySource.query(ch, OlistFunnel.SOURCE);
        assertThat(conversion.leads()).isEqualTo(8000);
        assertThat(conversion.won()).isEqualTo(842);
        assertThat(ch.queryLong("SELECT count() FROM lead_state FINAL WHERE status = 'WON'"))
                .isEqualTo(842);
        assertThat(ch.queryLong("SELECT count() FROM dead_letters")).isZero();

        Map<String, Long> expectedWon = new TreeMap<>();
        OlistDataset.wonByOrigin()
                .forEach((origin, won) -> expectedWon.put(OlistFunnel.leadSource(origin), won));
        Map<String, Long> actualWon = new TreeMap<>();
        conversion.rows().stream()
                .filter(r -> r.won() > 0)
                .forEach(r -> actualWon.put(r.leadSource(), r.won()));
        assertThat(actualWon).isEqualTo(expectedWon);

        Map<String, Long> expectedLeads = new TreeMap<>();
        OlistDataset.originByLead()
                .values()
                .forEach(o -> expectedLeads.merge(OlistFunnel.leadSource(o), 1L, Long::sum));
        Map<String, Long> actualLeads = new TreeMap<>();
        conversion.rows().forEach(r -> actualLeads.put(r.leadSource(), r.leads()));
        assertThat(actualLeads).isEqualTo(expectedLeads);

        // The aggregates the job kept equal the per-lead layer's answers on real data too.
        AggregateOracle.assertAllMatch(ch);
        assertThat(
                        ch.queryLong(
                                "SELECT sum(won) FROM source_monthly FINAL WHERE attribution ="
                                        + " 'first_touch'"))
                .as("wins counted when they happened")
                .isEqualTo(842);

        // The clamped win: won one second after creation, never before.
        assertThat(
                        ch.queryText(
                                        "SELECT status, created_at, status_changed_at FROM"
                                                + " lead_state FINAL WHERE lead_id ="
                                                + " 'b91cf8812365f50ff4bda4bcd6206b05' FORMAT"
                                                + " TabSeparated")
                                .trim())
                .isEqualTo("WON\t2018-03-08 00:00:00\t2018-03-08 00:00:01");
    }
}
