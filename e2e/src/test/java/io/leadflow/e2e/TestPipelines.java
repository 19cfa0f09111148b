package io.leadflow.e2e;

import io.leadflow.e2e.testing.ClickHouseServer;
import io.leadflow.e2e.testing.KafkaServer;
import io.leadflow.generator.DeliveryOptions;
import io.leadflow.generator.EventDelivery;
import io.leadflow.generator.GeneratorFeed;
import io.leadflow.generator.GeneratorSettings;
import io.leadflow.generator.KafkaRecord;
import io.leadflow.generator.LeadHistoryGenerator;
import io.leadflow.generator.TopicRouting;
import io.leadflow.jobs.LeadflowJob;
import io.leadflow.jobs.config.LeadflowConfig;
import io.leadflow.jobs.config.StartingOffsets;
import io.leadflow.jobs.scoring.ScoringModelFile;
import io.leadflow.jobs.sla.AlertRules;
import io.leadflow.jobs.sla.SlaPolicyFile;
import io.leadflow.schema.clickhouse.ClickHouseHttp;
import io.leadflow.schema.clickhouse.SchemaMigrator;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;

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
 * One isolated run of the real job for a test: its own topics, consumer group, ClickHouse database
 * and checkpoint folder on the shared Kafka and ClickHouse, and the ways tests drive it (bounded to
 * the end of the topics, or unbounded and restartable from a checkpoint).
 */
public final class TestPipelines {

    /** The resources of one run. */
    record Run(
            String id,
            TopicRouting routing,
            LeadflowConfig config,
            ClickHouseHttp clickHouse,
            Path checkpoints,
            String kafkaBootstrap) {

        /**
         * Another run over the same topics: its own consumer group, database and checkpoints, so it
         * reads everything this one read and its results can be compared with this one's.
         */
        Run overTheSameTopics(ClickHouseServer server, Path dir, String name) {
            String other = name + "-" + UUID.randomUUID().toString().substring(0, 8);
            String database = server.freshDatabase(name);
            ClickHouseHttp ch = server.client(database);
            new SchemaMigrator(ch, database).migrate();
            Path otherCheckpoints = dir.resolve("checkpoints-" + other);
            LeadflowConfig otherConfig =
                    config.withKafka(config.kafka().withGroupId("group-" + other))
                            .withClickHouse(config.clickHouse().withDatabase(database))
                            .withJob(
                                    config.job()
                                            .withCheckpointing(
                                                    otherCheckpoints.toUri().toString(),
                                                    config.job().checkpointInterval()));
            return new Run(other, routing, otherConfig, ch, otherCheckpoints, kafkaBootstrap);
        }

        /** The same run with these alerting rules (a rules document, as the file holds it). */
        Run withRules(String rulesJson) {
            return withConfig(
                    config.withSla(
                            config.sla()
                                    .withPolicies(
                                            new SlaPolicyFile(
                                                    "test", AlertRules.parse(rulesJson, "test")))));
        }

        /** The same run with another configuration, e.g. with SLA policies. */
        Run withConfig(LeadflowConfig other) {
            return new Run(id, routing, other, clickHouse, checkpoints, kafkaBootstrap);
        }

        void send(List<KafkaRecord> records) {
            try (GeneratorFeed feed = new GeneratorFeed(kafkaBootstrap)) {
                feed.send(records, 0);
            }
        }

        /** Runs the job until it has read everything the topics hold now. */
        void runBounded() throws Exception {
            StreamExecutionEnvironment env = environment(null);
            LeadflowJob.build(env, config, true);
            env.execute("bounded-" + id);
        }

        /**
         * Runs the job bounded with restarts off: any failure of any operator fails the run, so a
         * test can say the job never restarted.
         */
        void runBoundedWithoutRestarts() throws Exception {
            StreamExecutionEnvironment env = environment(null);
            env.configure(noRestarts());
            LeadflowJob.build(env, config, true);
            env.execute("bounded-" + id);
        }

        /** Starts the job unbounded, restored from {@code checkpoint} when given. */
        JobClient start(Path checkpoint) throws Exception {
            StreamExecutionEnvironment env = environment(checkpoint);
            LeadflowJob.build(env, config, false);
            return env.executeAsync("unbounded-" + id);
        }

        StreamExecutionEnvironment environment(Path restoreFrom) {
            Configuration flink = LeadflowJob.flinkConfiguration(config);
            // Production retries forever; a broken test must fail instead of hanging.
            flink.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS, 20);
            flink.set(
                    RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF,
                    Duration.ofSeconds(3));
            if (restoreFrom != null) {
                flink.set(StateRecoveryOptions.SAVEPOINT_PATH, restoreFrom.toUri().toString());
            }
            return StreamExecutionEnvironment.getExecutionEnvironment(flink);
        }

        /** The newest retained checkpoint that finished writing its metadata. */
        Optional<Path> completedCheckpoint() {
            if (!Files.isDirectory(checkpoints)) {
                return Optional.empty();
            }
            try (Stream<Path> files = Files.walk(checkpoints, 3)) {
                return files.filter(p -> p.getFileName().toString().equals("_metadata"))
                        .map(Path::getParent)
                        .max(
                                Comparator.comparingLong(
                                        p ->
                                                Long.parseLong(
                                                        p.getFileName().toString().substring(4))));
            } catch (IOException e) {
                return Optional.empty();
            }
        }
    }

    private TestPipelines() {}

    /** The Flink MiniCluster every end-to-end test runs on: one TaskManager, two slots. */
    public static MiniClusterExtension miniCluster() {
        return miniCluster(1);
    }

    /**
     * A MiniCluster of {@code taskManagers} TaskManagers with two slots each: room for a second job
     * beside the one under test, or for losing a TaskManager.
     */
    public static MiniClusterExtension miniCluster(int taskManagers) {
        return new MiniClusterExtension(
                new MiniClusterResourceConfiguration.Builder()
                        .setNumberTaskManagers(taskManagers)
                        .setNumberSlotsPerTaskManager(2)
                        .build());
    }

    /** Creates the topics, a migrated database and a configuration for one run. */
    static Run create(KafkaServer kafka, ClickHouseServer clickHouse, Path dir, String name) {
        String id = name + "-" + UUID.randomUUID().toString().substring(0, 8);
        TopicRouting routing = new TopicRouting("leads-" + id, "activities-" + id);
        kafka.createTopics(
                2, routing.leadsTopic(), routing.activitiesTopic(), "dlq-" + id, "alerts-" + id);
        kafka.createTopics(1, "config-" + id);
        String database = clickHouse.freshDatabase(name);
        ClickHouseHttp ch = clickHouse.client(database);
        new SchemaMigrator(ch, database).migrate();
        Path checkpoints = dir.resolve("checkpoints-" + id);
        LeadflowConfig d = LeadflowConfig.defaults();
        LeadflowConfig config =
                d.withKafka(
                                d.kafka()
                                        .withBootstrap(kafka.bootstrapServers())
                                        .withTopics(
                                                routing.leadsTopic(),
                                                routing.activitiesTopic(),
                                                "dlq-" + id,
                                                "config-" + id,
                                                "alerts-" + id)
                                        .withGroupId("group-" + id)
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
                                                checkpoints.toUri().toString(),
                                                Duration.ofSeconds(1)))
                        .withSink(d.sink().withFlushInterval(Duration.ofMillis(200)));
        return new Run(id, routing, config, ch, checkpoints, kafka.bootstrapServers());
    }

    /**
     * A run with the example alert rules and scoring model ({@code jobs/*.example.json}), fed
     * {@code leads} generated leads delivered out of order (up to 2 h) with 2 % duplicates and 2 %
     * malformed records, and run to the end of its input: data for every table and view.
     */
    static Run exampleRun(
            KafkaServer kafka, ClickHouseServer clickHouse, Path dir, String name, int leads)
            throws Exception {
        Run created = create(kafka, clickHouse, dir, name);
        LeadflowConfig c = created.config();
        Run run =
                created.withConfig(
                        c.withSla(
                                        c.sla()
                                                .withPolicies(
                                                        SlaPolicyFile.read(
                                                                Path.of(
                                                                                "..",
                                                                                "jobs",
                                                                                "alert-rules.example.json")
                                                                        .toString())))
                                .withScoring(
                                        ScoringModelFile.read(
                                                Path.of("..", "jobs", "scoring-model.example.json")
                                                        .toString())));
        var history =
                new LeadHistoryGenerator(
                                GeneratorSettings.defaults()
                                        .withLeadCount(leads)
                                        .withLeadIdPrefix(name + "-" + run.id() + "-"))
                        .generate();
        run.send(
                new EventDelivery(
                                new DeliveryOptions(
                                        9L, Duration.ofHours(2), 0.02, 0.02, run.routing()))
                        .plan(history.events())
                        .records());
        run.runBounded();
        return run;
    }

    private static Configuration noRestarts() {
        Configuration none = new Configuration();
        none.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        return none;
    }

    /** Polls until {@code condition} holds or the time is up; errors count as "not yet". */
    static boolean await(BooleanSupplier condition, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            try {
                if (condition.getAsBoolean()) {
                    return true;
                }
            } catch (RuntimeException notYet) {
                // tables not written yet, or a server restarting
            }
            Thread.sleep(500);
        }
        return false;
    }
}
