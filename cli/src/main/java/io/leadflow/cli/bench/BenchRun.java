package io.leadflow.cli.bench;

import io.leadflow.generator.TopicRouting;
import io.leadflow.jobs.LeadflowJob;
import io.leadflow.jobs.config.LeadflowConfig;
import io.leadflow.jobs.config.StartingOffsets;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.nio.file.Path;

/**
 * One benchmark run's isolation: its own topics, consumer group, ClickHouse database and checkpoint
 * folder, so runs never read each other's data, and the local Flink environment it measures in.
 */
final class BenchRun {

    private BenchRun() {}

    /** The lead and activity topics of one run. */
    static TopicRouting routing(String prefix, String run) {
        return new TopicRouting(prefix + "-leads-" + run, prefix + "-activities-" + run);
    }

    /** The configuration of one run, isolated from every other. */
    static LeadflowConfig isolated(LeadflowConfig config, String prefix, String run, Path dataDir) {
        TopicRouting routing = routing(prefix, run);
        return config.withKafka(
                        config.kafka()
                                .withTopics(
                                        routing.leadsTopic(),
                                        routing.activitiesTopic(),
                                        prefix + "-dlq-" + run,
                                        config.kafka().configTopic(),
                                        prefix + "-alerts-" + run)
                                .withGroupId(prefix + "-" + run)
                                .withStartingOffsets(StartingOffsets.EARLIEST))
                .withClickHouse(
                        config.clickHouse().withDatabase(prefix.replace('-', '_') + "_" + run))
                .withJob(
                        config.job()
                                .withCheckpointing(
                                        dataDir.resolve("checkpoints-" + run).toUri().toString(),
                                        config.job().checkpointInterval()));
    }

    /** A local Flink environment with the job's settings. */
    static StreamExecutionEnvironment localEnv(LeadflowConfig config) {
        Configuration flink = LeadflowJob.flinkConfiguration(config);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(flink);
        LeadflowJob.applyParallelism(env, config);
        return env;
    }
}
