package io.leadflow.jobs.config;

import io.leadflow.jobs.lifecycle.TransitionPolicy;
import io.leadflow.jobs.scoring.ScoringModelFile;
import io.leadflow.jobs.sla.ReportSchedule;
import io.leadflow.jobs.sla.SlaPolicyFile;
import io.leadflow.jobs.time.DurationSyntax;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The catalog of leadflow settings: each one's canonical key, default, meaning and the rule that
 * turns its text into a validated value. Everything else derives from this list — the environment
 * variable and flag names, the defaults of {@link LeadflowConfig}, the checks in the settings
 * records — so a setting is defined in exactly one place.
 */
public enum Setting {
    KAFKA_BOOTSTRAP(
            "kafka.bootstrap",
            "localhost:9092",
            "Kafka bootstrap servers, a comma-separated list of host:port.",
            Setting::bootstrapServers),
    KAFKA_TOPIC_LEADS(
            "kafka.topic.leads", "leadflow.leads", "Topic of lead events.", Setting::topicName),
    KAFKA_TOPIC_ACTIVITIES(
            "kafka.topic.activities",
            "leadflow.activities",
            "Topic of activity events (email opens, visits, calls...).",
            Setting::topicName),
    KAFKA_TOPIC_DLQ(
            "kafka.topic.dlq",
            "leadflow.dlq",
            "Dead-letter topic for events that fail to parse or validate.",
            Setting::topicName),
    KAFKA_TOPIC_CONFIG(
            "kafka.topic.config",
            "leadflow.config",
            "Topic of runtime configuration updates (scoring rules, thresholds).",
            Setting::topicName),
    KAFKA_TOPIC_ALERTS(
            "kafka.topic.alerts",
            "leadflow.alerts",
            "Topic the job writes alerts to.",
            Setting::topicName),
    KAFKA_GROUP_ID(
            "kafka.group-id",
            "leadflow-job",
            "Kafka consumer group id of the job's sources.",
            Setting::notBlank),
    KAFKA_STARTING_OFFSETS(
            "kafka.starting-offsets",
            "committed",
            "Where sources start without restored state: earliest, latest, or committed"
                    + " (the group's committed offsets, earliest where there are none).",
            text -> oneOf(text, StartingOffsets.values())),
    CLICKHOUSE_URL(
            "clickhouse.url",
            "http://localhost:8123",
            "ClickHouse HTTP(S) endpoint, scheme://host:port without path or credentials.",
            Setting::clickHouseUrl),
    CLICKHOUSE_DATABASE(
            "clickhouse.database",
            "leadflow",
            "ClickHouse database holding the leadflow tables.",
            Setting::identifier),
    CLICKHOUSE_USER("clickhouse.user", "default", "ClickHouse user name.", Setting::notBlank),
    CLICKHOUSE_PASSWORD(
            "clickhouse.password",
            "",
            "ClickHouse password. Secret: never printed; prefer the environment variable.",
            text -> text),
    JOB_PARALLELISM(
            "job.parallelism",
            "",
            "Parallelism of the job's operators (1..1024); empty for the cluster's default"
                    + " (flink run -p, parallelism.default; on a local cluster, the CPU cores).",
            Setting::parallelism),
    CHECKPOINT_DIR(
            "checkpoint.dir",
            "file:///tmp/leadflow/checkpoints",
            "Checkpoint storage: a URI with a scheme (file:///..., s3://...) or an absolute path.",
            Setting::checkpointDir),
    CHECKPOINT_INTERVAL(
            "checkpoint.interval",
            "10s",
            "Time between checkpoints; also bounds how late exactly-once sink writes become visible"
                    + " (at least 100ms).",
            text -> durationAtLeast(text, Duration.ofMillis(100))),
    STATE_BACKEND(
            "state.backend",
            "hashmap",
            "Flink state backend: hashmap (heap) or rocksdb (disk, for large state).",
            text -> oneOf(text, StateBackendKind.values())),
    DEDUP_TTL(
            "dedup.ttl",
            "30d",
            "How long event ids are remembered to drop redelivered duplicates (at least 1m).",
            text -> durationAtLeast(text, Duration.ofMinutes(1))),
    LATENESS_ALLOWED(
            "lateness.allowed",
            "7d",
            "How far behind the event-time watermark an event may arrive and still be applied; later"
                    + " events go to the late_events table"
                    + " (0 or more).",
            text -> durationAtLeast(text, Duration.ZERO)),
    WATERMARK_OUT_OF_ORDERNESS(
            "watermark.out-of-orderness",
            "5m",
            "How far event time may run backwards before events count as late (0 or more).",
            text -> durationAtLeast(text, Duration.ZERO)),
    SOURCE_IDLE_TIMEOUT(
            "source.idle-timeout",
            "1m",
            "After this long without events a partition stops holding back the watermark"
                    + " (greater than 0).",
            Setting::positiveDuration),
    UI_BIND_ADDRESS(
            "ui.bind-address",
            "127.0.0.1",
            "Address the local Flink cluster of demo, bench and replay listens on: its web UI and"
                    + " REST API and its internal ports. The default keeps them on this machine;"
                    + " 0.0.0.0 (or an interface address) exposes it to the network: jar upload and"
                    + " the cancel button are always off, but Flink's REST API can still stop the"
                    + " job (see README, Security).",
            Setting::bindAddress),
    LIFECYCLE_ALLOWED_TRANSITIONS(
            "lifecycle.allowed-transitions",
            TransitionPolicy.DEFAULT_RULES,
            "Allowed status changes, as rules 'FROM -> TO, TO; ...' ('*' is any status); a"
                    + " change no rule allows is not applied but kept in rejected_transitions.",
            TransitionPolicy::parse),
    LIFECYCLE_CONVERSION_WINDOWS(
            "lifecycle.conversion-windows",
            "7d, 30d, 90d",
            "Conversion windows of funnel_cohort_windows, whole days after creation (1 to 12 of"
                    + " them, 1d..3650d); applied by migrate, demo, bench and replay.",
            ConversionWindows::parse),
    SLA_POLICIES_FILE(
            "sla.policies-file",
            "",
            "JSON file of alerting rules, SLA policies and hot-lead rules (see README, SLA alerts);"
                    + " empty for none. Read and checked at start; the config topic may replace"
                    + " them while the job runs.",
            SlaPolicyFile::read),
    SLA_WEBHOOK_URL(
            "sla.webhook-url",
            "",
            "Slack-compatible webhook that live alerts are posted to (http or https); empty for"
                    + " none.",
            Setting::optionalHttpUrl),
    SLA_WEBHOOK_TIMEOUT(
            "sla.webhook-timeout",
            "5s",
            "How long one webhook post may take (greater than 0).",
            Setting::positiveDuration),
    SLA_WEBHOOK_RETRIES(
            "sla.webhook-retries",
            "3",
            "Retries of a failed webhook post, with growing back-off (0..10).",
            text -> intBetween(text, 0, 10)),
    SLA_UNTOUCHED_REPORT(
            "sla.untouched-report",
            "weekly MON 08:00 UTC",
            "When the untouched-leads summary goes out, one alert per owner: 'weekly MON 08:00"
                    + " [zone]', 'daily 08:00 [zone]', 'every 10m' or 'off'.",
            ReportSchedule::parse),
    SLA_UNTOUCHED_DAYS(
            "sla.untouched-days",
            "7",
            "Days without any activity after which an open lead is in the untouched-leads summary"
                    + " (1..365).",
            text -> intBetween(text, 1, 365)),
    SCORING_MODEL_FILE(
            "scoring.model-file",
            "",
            "JSON file of the lead-scoring model the job starts with (see README, Lead scoring);"
                    + " empty for no scoring. Read and checked at start; the config topic may"
                    + " publish, promote and roll back versions while the job runs.",
            ScoringModelFile::read),
    SINK_BATCH_SIZE(
            "sink.batch-size",
            "2000",
            "Rows per ClickHouse insert batch (1..1000000).",
            text -> intBetween(text, 1, 1_000_000)),
    SINK_FLUSH_INTERVAL(
            "sink.flush-interval",
            "1s",
            "Longest time a partial batch waits before it is written (greater than 0).",
            Setting::positiveDuration),
    SINK_MAX_RETRIES(
            "sink.max-retries",
            "5",
            "Retries of a failed ClickHouse insert before the job fails (0..100).",
            text -> intBetween(text, 0, 100));

    /** The mask shown instead of a secret value. */
    public static final String MASK = "****";

    private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]+");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._-]+|\\[[0-9A-Fa-f:.]+]");
    // Credentials in a URL's authority, masked before a value is echoed in an error.
    private static final Pattern URL_USER_INFO = Pattern.compile("//[^/@]*@");

    private final String key;
    private final String defaultValue;
    private final String description;
    private final Function<String, Object> rule;

    Setting(String key, String defaultValue, String description, Function<String, Object> rule) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
        this.rule = rule;
    }

    /** The canonical key, e.g. {@code kafka.bootstrap}; also the properties-file key. */
    public String key() {
        return key;
    }

    /** The environment variable, e.g. {@code LEADFLOW_KAFKA_BOOTSTRAP}. */
    public String envName() {
        return "LEADFLOW_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The command-line flag, e.g. {@code --kafka.bootstrap}. */
    public String flag() {
        return "--" + key;
    }

    /** The built-in default, as text. */
    public String defaultValue() {
        return defaultValue;
    }

    /** One sentence on what the setting controls. */
    public String description() {
        return description;
    }

    /** Whether the value must never be printed. */
    public boolean isSecret() {
        // A Slack webhook URL is itself the credential.
        return this == CLICKHOUSE_PASSWORD || this == SLA_WEBHOOK_URL;
    }

    /** The setting with this canonical key. */
    public static Optional<Setting> byKey(String key) {
        return Arrays.stream(values()).filter(s -> s.key.equals(key)).findFirst();
    }

    /** The setting with this environment variable name. */
    public static Optional<Setting> byEnvName(String envName) {
        return Arrays.stream(values()).filter(s -> s.envName().equals(envName)).findFirst();
    }

    /**
     * Short flag names accepted besides {@code --<key>}, without the leading dashes. They cover
     * what is typed most often by hand.
     */
    public static Map<String, Setting> flagAliases() {
        return Map.of(
                "bootstrap", KAFKA_BOOTSTRAP,
                "clickhouse", CLICKHOUSE_URL,
                "parallelism", JOB_PARALLELISM);
    }

    /**
     * The key prefixes that belong to leadflow settings, e.g. {@code kafka.}; flags with these
     * prefixes are checked, all others are left to the launcher's subcommands.
     */
    public static Set<String> namespaces() {
        Set<String> namespaces = new LinkedHashSet<>();
        for (Setting setting : values()) {
            namespaces.add(setting.key.substring(0, setting.key.indexOf('.') + 1));
        }
        return namespaces;
    }

    /** The value as it may be shown to a person: secrets and URL credentials masked. */
    String display(String text) {
        return isSecret() ? MASK : URL_USER_INFO.matcher(text).replaceAll("//" + MASK + "@");
    }

    /**
     * Parses and validates text.
     *
     * @throws IllegalArgumentException whose message says what is wrong, without the value
     */
    Object parse(String text) {
        return rule.apply(text);
    }

    /**
     * Validates a typed value the way its text would be validated, returning the canonical form;
     * the settings records call this so that values built in code obey the same rules as loaded
     * ones.
     */
    @SuppressWarnings("unchecked")
    <T> T canonical(T value) {
        Objects.requireNonNull(value, key);
        String text = text(value);
        try {
            return (T) parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    key + ": " + e.getMessage() + " (got '" + display(text) + "')", e);
        }
    }

    /** The configuration text of a typed value. */
    static String text(Object value) {
        if (value instanceof Duration) {
            return DurationSyntax.format((Duration) value);
        }
        if (value instanceof StartingOffsets) {
            return ((StartingOffsets) value).text();
        }
        if (value instanceof StateBackendKind) {
            return ((StateBackendKind) value).text();
        }
        return String.valueOf(value);
    }

    private static Object notBlank(String text) {
        String trimmed = text.trim();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("must not be empty");
        }
        return trimmed;
    }

    private static Object topicName(String text) {
        String name = text.trim();
        if (name.isEmpty()) {
            throw new IllegalArgumentException("must not be empty");
        }
        if (name.length() > 249) {
            throw new IllegalArgumentException("is longer than 249 characters");
        }
        if (!TOPIC.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "is not a legal Kafka topic name; use only letters, digits, '.', '_' and '-'");
        }
        if (name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("is not a legal Kafka topic name");
        }
        return name;
    }

    private static Object bootstrapServers(String text) {
        List<String> servers = new ArrayList<>();
        for (String entry : text.split(",", -1)) {
            String server = entry.trim();
            int colon = server.lastIndexOf(':');
            if (colon <= 0 || !HOST.matcher(server.substring(0, colon)).matches()) {
                throw new IllegalArgumentException(
                        "must be a comma-separated list of host:port; entry '"
                                + server
                                + "' is not");
            }
            int port;
            try {
                port = Integer.parseInt(server.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException(
                        "must have ports between 1 and 65535; entry '" + server + "' does not");
            }
            servers.add(server);
        }
        return String.join(",", servers);
    }

    private static Object bindAddress(String text) {
        String address = text.trim();
        if (address.isEmpty()) {
            throw new IllegalArgumentException(
                    "must not be empty; 127.0.0.1 keeps the web UI on this machine");
        }
        if (!HOST.matcher(address).matches() && !address.matches("[0-9A-Fa-f:.]+")) {
            throw new IllegalArgumentException(
                    "must be an IP address or host name, e.g. 127.0.0.1 or 0.0.0.0");
        }
        return address;
    }

    private static Object optionalHttpUrl(String text) {
        String url = text.strip();
        if (url.isEmpty()) {
            return url;
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new IllegalArgumentException("must be an http:// or https:// URL with a host");
        }
        return url;
    }

    private static Object clickHouseUrl(String text) {
        URI uri;
        try {
            uri = new URI(text.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("must be an http:// or https:// URL");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException(
                    "must not contain credentials; use clickhouse.user and clickhouse.password");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("must name a host");
        }
        if (uri.getPort() < 0) {
            throw new IllegalArgumentException(
                    "must include a port, e.g. " + scheme + "://" + uri.getHost() + ":8123");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (!path.isEmpty() && !path.equals("/")) {
            throw new IllegalArgumentException(
                    "must not have a path; set clickhouse.database instead");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("must not have a query or fragment");
        }
        return scheme + "://" + uri.getHost() + ":" + uri.getPort();
    }

    private static Object identifier(String text) {
        String name = text.trim();
        if (!IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "is not an identifier; use letters, digits and '_', not starting with a digit");
        }
        return name;
    }

    private static Object checkpointDir(String text) {
        String dir = text.trim();
        if (dir.startsWith("/")) {
            return "file://" + Path.of(dir).normalize();
        }
        URI uri;
        try {
            uri = new URI(dir);
        } catch (URISyntaxException e) {
            uri = null;
        }
        // A one-letter scheme is a Windows drive letter, not a storage scheme.
        if (uri == null || uri.getScheme() == null || uri.getScheme().length() < 2) {
            throw new IllegalArgumentException(
                    "must be a URI with a scheme (file:///tmp/checkpoints, s3://bucket/path)"
                            + " or an absolute path");
        }
        if (uri.getScheme().equalsIgnoreCase("file")
                && (uri.getPath() == null || !uri.getPath().startsWith("/"))) {
            throw new IllegalArgumentException(
                    "must have an absolute path, e.g. file:///tmp/leadflow/checkpoints");
        }
        return dir;
    }

    /** 0 stands for "not set": the cluster decides. */
    private static Object parallelism(String text) {
        String value = text.trim();
        if (value.isEmpty() || value.equals("0")) {
            return 0;
        }
        return intBetween(value, 1, 1024);
    }

    private static Object intBetween(String text, int min, int max) {
        int value;
        try {
            value = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be a whole number");
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException("must be between " + min + " and " + max);
        }
        return value;
    }

    private static Object durationAtLeast(String text, Duration min) {
        Duration value = DurationSyntax.parse(text);
        if (value.compareTo(min) < 0) {
            throw new IllegalArgumentException("must be at least " + DurationSyntax.format(min));
        }
        return value;
    }

    private static Object positiveDuration(String text) {
        Duration value = DurationSyntax.parse(text);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("must be greater than 0");
        }
        return value;
    }

    private static <E extends Enum<E>> Object oneOf(String text, E[] choices) {
        for (E choice : choices) {
            if (choice.name().equalsIgnoreCase(text.trim())) {
                return choice;
            }
        }
        List<String> names = new ArrayList<>();
        for (E choice : choices) {
            names.add(choice.name().toLowerCase(Locale.ROOT));
        }
        throw new IllegalArgumentException("must be one of " + String.join(", ", names));
    }
}
