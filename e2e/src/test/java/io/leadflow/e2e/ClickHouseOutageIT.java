package io.leadflow.e2e;

import io.leadflow.e2e.testing.KafkaExtension;
import io.leadflow.e2e.testing.KafkaServer;
import io.leadflow.generator.DeliveryOptions;
import io.leadflow.generator.DeliveryPlan;
import io.leadflow.generator.EventDelivery;
import io.leadflow.generator.GeneratedHistory;
import io.leadflow.generator.GeneratorFeed;
import io.leadflow.generator.GeneratorSettings;
import io.leadflow.generator.KafkaRecord;
import io.leadflow.generator.LeadHistoryGenerator;
import io.leadflow.generator.TopicRouting;
import io.leadflow.jobs.LeadflowJob;
import io.leadflow.jobs.config.LeadflowConfig;
import io.leadflow.jobs.config.StartingOffsets;
import io.leadflow.runtime.LocalClickHouse;
import io.leadflow.schema.clickhouse.ClickHouseHttp;
import io.leadflow.schema.clickhouse.SchemaMigrator;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
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
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ClickHouse goes down while the job runs and events keep arriving: the sinks retry, the job fails
 * and restarts from its checkpoint until ClickHouse is back, and in the end every lead is exactly
 * right, nothing lost and nothing counted twice.
 */
@ExtendWith(KafkaExtension.class)
class ClickHouseOutageIT {

    @RegisterExtension static final MiniClusterExtension FLINK = TestPipelines.miniCluster();

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void anOutageDelaysRowsButLosesNone(KafkaServer kafka, @TempDir Path dir) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        TopicRouting routing = new TopicRouting("leads-" + run, "activities-" + run);
        // What ./leadflow migrate provisions: the job itself creates no topic.
        kafka.createTopics(
                2, routing.leadsTopic(), routing.activitiesTopic(), "dlq-" + run, "alerts-" + run);
        kafka.createTopics(1, "config-" + run);
        GeneratedHistory history =
                new LeadHistoryGenerator(
                                GeneratorSettings.defaults()
                                        .withLeadCount(400)
                                        .withLeadIdPrefix("outage-" + run + "-"))
                        .generate();
        DeliveryPlan plan =
                new EventDelivery(new DeliveryOptions(3L, Duration.ofHours(1), 0.05, 0, routing))
                        .plan(history.events());
        List<KafkaRecord> records = plan.records();
        int half = records.size() / 2;

        Path chDir = dir.resolve("clickhouse");
        LocalClickHouse clickHouse = LocalClickHouse.start(chDir);
        JobClient job = null;
        try (GeneratorFeed feed = new GeneratorFeed(kafka.bootstrapServers())) {
            ClickHouseHttp ch =
                    new ClickHouseHttp(
                            URI.create(clickHouse.httpUrl()),
                            "outage",
                            LocalClickHouse.WRITER_USER,
                            clickHouse.writerPassword());
            new SchemaMigrator(ch, "outage").migrate();
            LeadflowConfig config =
                    config(
                            kafka,
                            clickHouse.httpUrl(),
                            clickHouse.writerPassword(),
                            routing,
                            run,
                            dir);
            Configuration flink = LeadflowJob.flinkConfiguration(config);
            flink.set(
                    RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF,
                    Duration.ofSeconds(3));
            StreamExecutionEnvironment env =
                    StreamExecutionEnvironment.getExecutionEnvironment(flink);
            LeadflowJob.build(env, config, false);
            job = env.executeAsync("outage-" + run);

            feed.send(records.subList(0, half), 0);
            TestPipelines.await(() -> ch.queryLong("SELECT count() FROM lead_state") > 0, 60);

            clickHouse.close();
            feed.send(records.subList(half, records.size()), 0);
            Thread.sleep(8_000);
            clickHouse = LocalClickHouse.start(chDir);
            ClickHouseHttp back =
                    new ClickHouseHttp(
                            URI.create(clickHouse.httpUrl()),
                            "outage",
                            LocalClickHouse.WRITER_USER,
                            clickHouse.writerPassword());
            assertThat(clickHouse.httpUrl())
                    .as("restarted on the same port")
                    .isEqualTo(ch.baseUrl().toString());

            TestPipelines.await(() -> GroundTruthCheck.allMatch(back, history), 120);
            GroundTruthCheck.assertLeadsMatchTruth(back, history);
            GroundTruthCheck.assertTransitionsMatchTruth(back, history);
        } finally {
            if (job != null) {
                job.cancel().get(30, TimeUnit.SECONDS);
            }
            clickHouse.close();
        }
    }

    private static LeadflowConfig config(
            KafkaServer kafka,
            String clickHouseUrl,
            String password,
            TopicRouting routing,
            String run,
            Path dir) {
        LeadflowConfig d = LeadflowConfig.defaults();
        return d.withKafka(
                        d.kafka()
                                .withBootstrap(kafka.bootstrapServers())
                                .withTopics(
                                        routing.leadsTopic(),
                                        routing.activitiesTopic(),
                                        "dlq-" + run,
                                        "config-" + run,
                                        "alerts-" + run)
                                .withGroupId("outage-" + run)
                                .withStartingOffsets(StartingOffsets.EARLIEST))
                .withClickHouse(
                        d.clickHouse()
                                .withUrl(clickHouseUrl)
                                .withDatabase("outage")
                                .withCredentials(LocalClickHouse.WRITER_USER, password))
                .withJob(
                        d.job()
                                .withParallelism(2)
                                .withCheckpointing(
                                        dir.resolve("checkpoints").toUri().toString(),
                                        Duration.ofSeconds(1)))
                .withSink(d.sink().withMaxRetries(1).withFlushInterval(Duration.ofMillis(200)));
    }
}
