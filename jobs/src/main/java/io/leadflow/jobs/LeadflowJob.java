package io.leadflow.jobs;

import io.leadflow.jobs.config.ConfigException;
import io.leadflow.jobs.config.ConfigLoader;
import io.leadflow.jobs.config.LeadflowConfig;
import io.leadflow.jobs.config.StateBackendKind;
import io.leadflow.jobs.io.ClickHouseRowSinks;
import io.leadflow.jobs.io.ClickHouseSink;
import io.leadflow.jobs.io.ConfigMessage;
import io.leadflow.jobs.io.ConfigTopicInput;
import io.leadflow.jobs.io.KafkaAlertSink;
import io.leadflow.jobs.io.KafkaDeadLetterSink;
import io.leadflow.jobs.io.KafkaInput;
import io.leadflow.jobs.io.KafkaStatusChangeSink;
import io.leadflow.jobs.io.SourceRecord;
import io.leadflow.jobs.io.WebhookSink;
import io.leadflow.jobs.sla.ReportSchedule;

import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.time.Duration;
import java.util.List;

/**
 * Entry point of the leadflow job ({@code flink run leadflow-jobs-*-job.jar [flags]}). It only
 * reads the configuration and wires the Kafka input and ClickHouse/Kafka sinks around {@link
 * LeadflowPipeline}; the demo, the benchmarks and the tests reuse the same pieces.
 */
public final class LeadflowJob {

    /**
     * How long after a report time an owner's untouched-leads summary waits for the last of its
     * leads: every lead's report timer fires at the same moment, and 100,000 of them take a few
     * seconds. Short periodic schedules (demos, tests) wait half their period at most.
     */
    private static Duration summaryGrace(ReportSchedule schedule) {
        Duration grace = Duration.ofSeconds(30);
        return schedule.every() != null && schedule.every().dividedBy(2).compareTo(grace) < 0
                ? schedule.every().dividedBy(2)
                : grace;
    }

    private LeadflowJob() {}

    public static void main(String[] args) throws Exception {
        LeadflowConfig config;
        try {
            ConfigLoader.Loaded loaded = LeadflowConfig.load(args, System.getenv());
            if (!loaded.remainingArgs().isEmpty()) {
                System.err.println("leadflow job: unknown arguments " + loaded.remainingArgs());
                System.exit(2);
            }
            loaded.warnings().forEach(w -> System.err.println("warning: " + w));
            config = loaded.config();
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(flinkConfiguration(config));
        build(env, config, false);
        env.execute("leadflow");
    }

    /** Flink settings derived from ours: checkpointing, state backend, restarts, no Kryo. */
    public static Configuration flinkConfiguration(LeadflowConfig config) {
        Configuration flink = new Configuration();
        flink.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, config.job().checkpointInterval());
        flink.set(
                CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE,
                CheckpointingMode.EXACTLY_ONCE);
        flink.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, config.job().checkpointDir());
        flink.set(
                CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        flink.set(StateBackendOptions.STATE_BACKEND, config.job().stateBackend().text());
        // On RocksDB a checkpoint stores only the files written since the last one: what a model
        // change rescored, not the whole state again.
        flink.set(
                CheckpointingOptions.INCREMENTAL_CHECKPOINTS,
                config.job().stateBackend() == StateBackendKind.ROCKSDB);
        // ClickHouse down for minutes must not exhaust restarts: keep trying with back-off.
        flink.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
        flink.set(
                RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF,
                Duration.ofSeconds(1));
        flink.set(
                RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF,
                Duration.ofMinutes(1));
        flink.set(PipelineOptions.GENERIC_TYPES, false);
        flink.set(PipelineOptions.NAME, "leadflow");
        // A local cluster (demo, bench, replay, tests) listens where ui.bind-address says, which
        // is loopback unless configured otherwise, and its web UI cannot run or stop code: with
        // jar upload on, anyone who reaches the port runs whatever they upload. A real cluster
        // takes these from its own configuration.
        String bind = config.job().uiBindAddress();
        flink.set(RestOptions.BIND_ADDRESS, bind);
        flink.set(JobManagerOptions.BIND_HOST, bind);
        flink.set(TaskManagerOptions.BIND_HOST, bind);
        flink.set(WebOptions.SUBMIT_ENABLE, false);
        flink.set(WebOptions.CANCEL_ENABLE, false);
        flink.set(WebOptions.RESCALE_ENABLE, false);
        return flink;
    }

    /**
     * Sets {@code job.parallelism} on the environment when it is configured; unset, the job runs at
     * the cluster's default ({@code flink run -p}, {@code parallelism.default}).
     */
    public static void applyParallelism(StreamExecutionEnvironment env, LeadflowConfig config) {
        if (config.job().parallelism() > 0) {
            env.setParallelism(config.job().parallelism());
        }
    }

    /** Adds the whole job (Kafka in, ClickHouse and the dead-letter topic out) to {@code env}. */
    public static void build(
            StreamExecutionEnvironment env, LeadflowConfig config, boolean bounded) {
        applyParallelism(env, config);
        DataStream<SourceRecord> input =
                KafkaInput.stream(env, config.kafka(), config.job(), bounded);
        // The config topic must exist, as every topic the job reads: ./leadflow migrate creates
        // them. Building the graph talks to nothing.
        build(
                config,
                input,
                bounded
                        ? null
                        : ConfigTopicInput.stream(env, config.kafka(), System.currentTimeMillis()));
    }

    /**
     * Adds the job behind an input the caller built, e.g. a Kafka source between explicit offsets
     * for a replay; the input's environment runs it.
     */
    public static void build(LeadflowConfig config, DataStream<SourceRecord> input) {
        build(config, input, null);
    }

    /**
     * Adds the job behind an input and, unless null, the config topic's rule updates.
     *
     * @param ruleUpdates the config topic, or null when rules cannot change (bounded runs)
     */
    public static void build(
            LeadflowConfig config,
            DataStream<SourceRecord> input,
            DataStream<ConfigMessage> ruleUpdates) {
        build(config, input, ruleUpdates, sinks(config));
    }

    /**
     * Adds the job behind an input, writing to the given sinks (tests wrap the real ones, e.g. to
     * fail them on purpose).
     */
    public static void build(
            LeadflowConfig config,
            DataStream<SourceRecord> input,
            DataStream<ConfigMessage> ruleUpdates,
            LeadflowPipeline.Sinks sinks) {
        LeadflowPipeline.wire(
                input,
                sinks,
                config.job().dedupTtl(),
                config.job().allowedLateness(),
                config.lifecycle().allowedTransitions(),
                config.sink().flushInterval(),
                new LeadflowPipeline.Alerting(
                        config.sla().policies().rules(),
                        ruleUpdates,
                        config.sla().untouchedReport(),
                        Duration.ofDays(config.sla().untouchedDays()),
                        summaryGrace(config.sla().untouchedReport())),
                new LeadflowPipeline.Scoring(
                        config.scoring().on() ? config.scoring().initial() : null, ruleUpdates));
    }

    public static LeadflowPipeline.Sinks sinks(LeadflowConfig config) {
        ClickHouseRowSinks clickHouse =
                new ClickHouseRowSinks(
                        new ClickHouseSink.Settings(
                                config.clickHouse().url(),
                                config.clickHouse().database(),
                                config.clickHouse().user(),
                                config.clickHouse().password(),
                                config.sink().batchSize(),
                                config.sink().flushInterval(),
                                config.sink().maxRetries()));
        LeadflowPipeline.AlertSinks alerts =
                LeadflowPipeline.AlertSinks.toTable(clickHouse.slaAlerts())
                        .withTopic(
                                KafkaAlertSink.create(
                                        config.kafka().bootstrap(), config.kafka().alertsTopic()))
                        .withUntouchedReports(clickHouse.untouchedReports())
                        .withClocks(clickHouse.slaClocks(), clickHouse.slaPending());
        if (!config.sla().webhookUrl().isEmpty()) {
            alerts =
                    alerts.withWebhook(
                            new WebhookSink(
                                    config.sla().webhookUrl(),
                                    config.sla().webhookTimeout(),
                                    config.sla().webhookRetries(),
                                    clickHouse.settings()));
        }
        return LeadflowPipeline.Sinks.builder()
                .leadState(clickHouse.leadState())
                .aggregates(clickHouse.aggregates())
                .eventClock(clickHouse.eventClock())
                .deadLetterTable(clickHouse.deadLetters())
                .deadLetterTopic(
                        KafkaDeadLetterSink.create(
                                config.kafka().bootstrap(), config.kafka().dlqTopic()))
                .campaignCosts(clickHouse.campaignCosts())
                .lateEvents(clickHouse.lateEvents())
                .alerts(alerts)
                .scoring(
                        LeadflowPipeline.ScoringSinks.scoresOnly(clickHouse.leadScores())
                                .withQualified(
                                        KafkaStatusChangeSink.create(
                                                config.kafka().bootstrap(),
                                                config.kafka().leadsTopic())))
                .build();
    }

    /** The topics the job reads and writes, for launchers that create them. */
    public static List<String> topics(LeadflowConfig config) {
        return List.of(
                config.kafka().leadsTopic(),
                config.kafka().activitiesTopic(),
                config.kafka().dlqTopic(),
                config.kafka().configTopic(),
                config.kafka().alertsTopic());
    }
}
