package io.leadflow.jobs.config;

import io.leadflow.jobs.lifecycle.TransitionPolicy;
import io.leadflow.jobs.scoring.ScoringModelFile;
import io.leadflow.jobs.sla.ReportSchedule;
import io.leadflow.jobs.sla.SlaPolicyFile;
import io.leadflow.jobs.time.DurationSyntax;

import java.io.Serializable;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The validated, immutable settings of the leadflow job and launcher. Instances come from {@link
 * #defaults()}, from {@link #load(String[], Map)} (defaults &lt; properties file &lt; {@code
 * LEADFLOW_*} environment variables &lt; command-line flags; see {@link ConfigLoader}), or from the
 * withers, which validate like loading does. The whole object is {@link Serializable} so that parts
 * of it can be captured by Flink functions; its {@code toString()} and {@link #describe()} never
 * show the ClickHouse password.
 */
public record LeadflowConfig(
        KafkaSettings kafka,
        ClickHouseSettings clickHouse,
        JobSettings job,
        LifecycleSettings lifecycle,
        SlaSettings sla,
        SinkSettings sink,
        ScoringModelFile scoring)
        implements Serializable {

    private static final LeadflowConfig DEFAULTS =
            fromValues(setting -> setting.parse(setting.defaultValue()));

    public LeadflowConfig {
        Objects.requireNonNull(kafka, "kafka");
        Objects.requireNonNull(clickHouse, "clickHouse");
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(lifecycle, "lifecycle");
        Objects.requireNonNull(sla, "sla");
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(scoring, "scoring");
    }

    /** The built-in defaults: a local Kafka and ClickHouse, see {@link Setting}. */
    public static LeadflowConfig defaults() {
        return DEFAULTS;
    }

    /** Loads the configuration; shorthand for {@link ConfigLoader#load(String[], Map)}. */
    public static ConfigLoader.Loaded load(String[] args, Map<String, String> env) {
        return ConfigLoader.load(args, env);
    }

    public LeadflowConfig withKafka(KafkaSettings kafka) {
        return new LeadflowConfig(kafka, clickHouse, job, lifecycle, sla, sink, scoring);
    }

    public LeadflowConfig withKafkaBootstrap(String bootstrap) {
        return withKafka(kafka.withBootstrap(bootstrap));
    }

    public LeadflowConfig withClickHouse(ClickHouseSettings clickHouse) {
        return new LeadflowConfig(kafka, clickHouse, job, lifecycle, sla, sink, scoring);
    }

    /** Points at another ClickHouse server, e.g. a test container, keeping the database. */
    public LeadflowConfig withClickHouse(String url, String user, String password) {
        return withClickHouse(clickHouse.withUrl(url).withCredentials(user, password));
    }

    public LeadflowConfig withJob(JobSettings job) {
        return new LeadflowConfig(kafka, clickHouse, job, lifecycle, sla, sink, scoring);
    }

    public LeadflowConfig withParallelism(int parallelism) {
        return withJob(job.withParallelism(parallelism));
    }

    public LeadflowConfig withLifecycle(LifecycleSettings lifecycle) {
        return new LeadflowConfig(kafka, clickHouse, job, lifecycle, sla, sink, scoring);
    }

    public LeadflowConfig withSla(SlaSettings sla) {
        return new LeadflowConfig(kafka, clickHouse, job, lifecycle, sla, sink, scoring);
    }

    /** Replaces the scoring model the job starts with. */
    public LeadflowConfig withScoring(ScoringModelFile scoring) {
        return new LeadflowConfig(kafka, clickHouse, job, lifecycle, sla, sink, scoring);
    }

    public LeadflowConfig withSink(SinkSettings sink) {
        return new LeadflowConfig(kafka, clickHouse, job, lifecycle, sla, sink, scoring);
    }

    /** The value of one setting, typed as in the settings records. */
    public Object get(Setting setting) {
        switch (setting) {
            case KAFKA_BOOTSTRAP:
                return kafka.bootstrap();
            case KAFKA_TOPIC_LEADS:
                return kafka.leadsTopic();
            case KAFKA_TOPIC_ACTIVITIES:
                return kafka.activitiesTopic();
            case KAFKA_TOPIC_DLQ:
                return kafka.dlqTopic();
            case KAFKA_TOPIC_CONFIG:
                return kafka.configTopic();
            case KAFKA_TOPIC_ALERTS:
                return kafka.alertsTopic();
            case KAFKA_GROUP_ID:
                return kafka.groupId();
            case KAFKA_STARTING_OFFSETS:
                return kafka.startingOffsets();
            case CLICKHOUSE_URL:
                return clickHouse.url();
            case CLICKHOUSE_DATABASE:
                return clickHouse.database();
            case CLICKHOUSE_USER:
                return clickHouse.user();
            case CLICKHOUSE_PASSWORD:
                return clickHouse.password();
            case JOB_PARALLELISM:
                return job.parallelism();
            case CHECKPOINT_DIR:
                return job.checkpointDir();
            case CHECKPOINT_INTERVAL:
                return job.checkpointInterval();
            case STATE_BACKEND:
                return job.stateBackend();
            case DEDUP_TTL:
                return job.dedupTtl();
            case LATENESS_ALLOWED:
                return job.allowedLateness();
            case WATERMARK_OUT_OF_ORDERNESS:
                return job.watermarkOutOfOrderness();
            case SOURCE_IDLE_TIMEOUT:
                return job.sourceIdleTimeout();
            case UI_BIND_ADDRESS:
                return job.uiBindAddress();
            case LIFECYCLE_ALLOWED_TRANSITIONS:
                return lifecycle.allowedTransitions();
            case LIFECYCLE_CONVERSION_WINDOWS:
                return lifecycle.conversionWindows();
            case SLA_POLICIES_FILE:
                return sla.policies();
            case SCORING_MODEL_FILE:
                return scoring;
            case SLA_WEBHOOK_URL:
                return sla.webhookUrl();
            case SLA_WEBHOOK_TIMEOUT:
                return sla.webhookTimeout();
            case SLA_WEBHOOK_RETRIES:
                return sla.webhookRetries();
            case SLA_UNTOUCHED_REPORT:
                return sla.untouchedReport();
            case SLA_UNTOUCHED_DAYS:
                return sla.untouchedDays();
            case SINK_BATCH_SIZE:
                return sink.batchSize();
            case SINK_FLUSH_INTERVAL:
                return sink.flushInterval();
            case SINK_MAX_RETRIES:
                return sink.maxRetries();
            default:
                throw new IllegalArgumentException("unhandled setting " + setting);
        }
    }

    /**
     * A short multi-line summary for logs and the launcher's banner, one line per area, with the
     * password masked.
     */
    public String describe() {
        return String.format(
                "kafka       %s group=%s offsets=%s%n"
                        + "  topics    leads=%s activities=%s dlq=%s config=%s alerts=%s%n"
                        + "clickhouse  %s database=%s user=%s password=%s%n"
                        + "job         parallelism=%s state=%s checkpoints=%s every %s%n"
                        + "  time      dedup-ttl=%s lateness=%s out-of-orderness=%s"
                        + " idle-timeout=%s%n"
                        + "lifecycle   allowed-transitions=%s conversion-windows=%s scoring=%s%n"
                        + "sla         rules=%s webhook=%s untouched-report=%s after %d days%n"
                        + "sink        batch-size=%d flush-interval=%s max-retries=%d",
                kafka.bootstrap(),
                kafka.groupId(),
                kafka.startingOffsets().text(),
                kafka.leadsTopic(),
                kafka.activitiesTopic(),
                kafka.dlqTopic(),
                kafka.configTopic(),
                kafka.alertsTopic(),
                clickHouse.url(),
                clickHouse.database(),
                clickHouse.user(),
                Setting.MASK,
                job.parallelismText(),
                job.stateBackend().text(),
                job.checkpointDir(),
                DurationSyntax.format(job.checkpointInterval()),
                DurationSyntax.format(job.dedupTtl()),
                DurationSyntax.format(job.allowedLateness()),
                DurationSyntax.format(job.watermarkOutOfOrderness()),
                DurationSyntax.format(job.sourceIdleTimeout()),
                lifecycle.allowedTransitions().text(),
                lifecycle.conversionWindows(),
                scoring.on()
                        ? scoring.path() + " (active " + scoring.initial().active() + ")"
                        : "none",
                sla.policies().path().isEmpty()
                        ? "none"
                        : sla.policies().path()
                                + " ("
                                + sla.policies().policies().size()
                                + " policies, "
                                + sla.policies().rules().hotLeads().size()
                                + " hot-lead rules)",
                sla.webhookUrl().isEmpty() ? "none" : "set (" + Setting.MASK + ")",
                sla.untouchedReport(),
                sla.untouchedDays(),
                sink.batchSize(),
                DurationSyntax.format(sink.flushInterval()),
                sink.maxRetries());
    }

    /** Assembles a config from already validated values, one per setting. */
    static LeadflowConfig fromValues(Function<Setting, Object> value) {
        return new LeadflowConfig(
                new KafkaSettings(
                        (String) value.apply(Setting.KAFKA_BOOTSTRAP),
                        (String) value.apply(Setting.KAFKA_TOPIC_LEADS),
                        (String) value.apply(Setting.KAFKA_TOPIC_ACTIVITIES),
                        (String) value.apply(Setting.KAFKA_TOPIC_DLQ),
                        (String) value.apply(Setting.KAFKA_TOPIC_CONFIG),
                        (String) value.apply(Setting.KAFKA_TOPIC_ALERTS),
                        (String) value.apply(Setting.KAFKA_GROUP_ID),
                        (StartingOffsets) value.apply(Setting.KAFKA_STARTING_OFFSETS)),
                new ClickHouseSettings(
                        (String) value.apply(Setting.CLICKHOUSE_URL),
                        (String) value.apply(Setting.CLICKHOUSE_DATABASE),
                        (String) value.apply(Setting.CLICKHOUSE_USER),
                        (String) value.apply(Setting.CLICKHOUSE_PASSWORD)),
                new JobSettings(
                        (Integer) value.apply(Setting.JOB_PARALLELISM),
                        (String) value.apply(Setting.CHECKPOINT_DIR),
                        (Duration) value.apply(Setting.CHECKPOINT_INTERVAL),
                        (StateBackendKind) value.apply(Setting.STATE_BACKEND),
                        (Duration) value.apply(Setting.DEDUP_TTL),
                        (Duration) value.apply(Setting.LATENESS_ALLOWED),
                        (Duration) value.apply(Setting.WATERMARK_OUT_OF_ORDERNESS),
                        (Duration) value.apply(Setting.SOURCE_IDLE_TIMEOUT),
                        (String) value.apply(Setting.UI_BIND_ADDRESS)),
                new LifecycleSettings(
                        (TransitionPolicy) value.apply(Setting.LIFECYCLE_ALLOWED_TRANSITIONS),
                        (ConversionWindows) value.apply(Setting.LIFECYCLE_CONVERSION_WINDOWS)),
                new SlaSettings(
                        (SlaPolicyFile) value.apply(Setting.SLA_POLICIES_FILE),
                        (String) value.apply(Setting.SLA_WEBHOOK_URL),
                        (Duration) value.apply(Setting.SLA_WEBHOOK_TIMEOUT),
                        (Integer) value.apply(Setting.SLA_WEBHOOK_RETRIES),
                        (ReportSchedule) value.apply(Setting.SLA_UNTOUCHED_REPORT),
                        (Integer) value.apply(Setting.SLA_UNTOUCHED_DAYS)),
                new SinkSettings(
                        (Integer) value.apply(Setting.SINK_BATCH_SIZE),
                        (Duration) value.apply(Setting.SINK_FLUSH_INTERVAL),
                        (Integer) value.apply(Setting.SINK_MAX_RETRIES)),
                (ScoringModelFile) value.apply(Setting.SCORING_MODEL_FILE));
    }
}
