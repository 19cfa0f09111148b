package io.leadflow.tools;

import io.leadflow.jobs.LeadflowJob;
import io.leadflow.jobs.config.LeadflowConfig;
import io.leadflow.jobs.config.StartingOffsets;
import io.leadflow.schema.clickhouse.ClickHouseHttp;
import io.leadflow.schema.clickhouse.SchemaMigrator;
import io.leadflow.tools.generator.DeliveryOptions;
import io.leadflow.tools.generator.EventDelivery;
import io.leadflow.tools.generator.GeneratedHistory;
import io.leadflow.tools.generator.GeneratorFeed;
import io.leadflow.tools.generator.GeneratorSettings;
import io.leadflow.tools.generator.KafkaRecord;
import io.leadflow.tools.generator.LeadHistoryGenerator;
import io.leadflow.tools.generator.TopicRouting;
import io.leadflow.tools.testing.ClickHouseExtension;
import io.leadflow.tools.testing.ClickHouseServer;
import io.leadflow.tools.testing.KafkaExtension;
import io.leadflow.tools.testing.KafkaServer;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * The job is cancelled half-way through a disordered, duplicated stream and restarted from its last
 * retained checkpoint: the replayed part overwrites instead of adding, and the final ClickHouse
 * content equals the ground truth exactly as an uninterrupted run does.
 */
@ExtendWith({KafkaExtension.class, ClickHouseExtension.class})
class CheckpointRestartTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void aRestartFromTheLastCheckpointChangesNothing(
            KafkaServer kafka, ClickHouseServer clickHouse, @TempDir Path dir) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        TopicRouting routing = new TopicRouting("leads-" + run, "activities-" + run);
        kafka.createTopics(2, routing.leadsTopic(), routing.activitiesTopic(), "dlq-" + run);
        GeneratedHistory history =
                new LeadHistoryGenerator(
                                GeneratorSettings.defaults()
                                        .withLeadCount(500)
                                        .withLeadIdPrefix("restart-" + run + "-"))
                        .generate();
        List<KafkaRecord> records =
                new EventDelivery(new DeliveryOptions(5L, Duration.ofHours(6), 0.10, 0, routing))
                        .plan(history.events())
                        .records();
        int half = records.size() / 2;

        String database = clickHouse.freshDatabase("restart");
        ClickHouseHttp ch = clickHouse.client(database);
        new SchemaMigrator(ch, database).migrate();
        Path checkpoints = dir.resolve("checkpoints");
        LeadflowConfig config = config(kafka, clickHouse, database, routing, run, checkpoints);

        try (GeneratorFeed feed = new GeneratorFeed(kafka.bootstrapServers())) {
            feed.send(records.subList(0, half), 0);
            JobClient first = start(config, null, "restart-a-" + run);
            await(
                    () ->
                            completedCheckpoint(checkpoints).isPresent()
                                    && ch.queryLong("SELECT count() FROM lead_state") > 0,
                    60);
            first.cancel().get(30, TimeUnit.SECONDS);
            Path restoreFrom = completedCheckpoint(checkpoints).orElseThrow();

            feed.send(records.subList(half, records.size()), 0);
            JobClient second = start(config, restoreFrom, "restart-b-" + run);
            try {
                await(() -> GroundTruthCheck.leadMismatches(ch, history).isEmpty(), 120);
                GroundTruthCheck.assertLeadsMatchTruth(ch, history);
                GroundTruthCheck.assertTransitionsMatchTruth(ch, history);
            } finally {
                second.cancel().get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static JobClient start(LeadflowConfig config, Path restoreFrom, String name)
            throws Exception {
        Configuration flink = LeadflowJob.flinkConfiguration(config);
        if (restoreFrom != null) {
            flink.set(StateRecoveryOptions.SAVEPOINT_PATH, restoreFrom.toUri().toString());
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
        LeadflowJob.build(env, config, false);
        return env.executeAsync(name);
    }

    /** The newest retained checkpoint that finished writing its metadata. */
    private static Optional<Path> completedCheckpoint(Path checkpoints) {
        if (!Files.isDirectory(checkpoints)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.walk(checkpoints, 3)) {
            return files.filter(p -> p.getFileName().toString().equals("_metadata"))
                    .map(Path::getParent)
                    .max(
                            Comparator.comparingLong(
                                    p -> Long.parseLong(p.getFileName().toString().substring(4))));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static LeadflowConfig config(
            KafkaServer kafka,
            ClickHouseServer clickHouse,
            String database,
            TopicRouting routing,
            String run,
            Path checkpoints) {
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
                                .withGroupId("restart-" + run)
                                .withStartingOffsets(StartingOffsets.EARLIEST))
                .withClickHouse(
                        d.clickHouse()
                                .withUrl(clickHouse.httpUrl())
                                .withDatabase(database)
                                .withCredentials(clickHouse.user(), clickHouse.password()))
                .withJob(
                        d.job()
                                .withParallelism(2)
                                .withCheckpointing(
                                        checkpoints.toUri().toString(), Duration.ofSeconds(1)))
                .withSink(d.sink().withFlushInterval(Duration.ofMillis(200)));
    }

    private static void await(BooleanSupplier condition, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // tables not written yet
            }
            Thread.sleep(500);
        }
    }
}
