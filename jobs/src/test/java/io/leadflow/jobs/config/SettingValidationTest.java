package io.leadflow.jobs.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each rule, seen through each source: the message names where, which key, and what is wrong. */
class SettingValidationTest {

    @TempDir Path dir;

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "kafka.bootstrap        | localhost        | must be a comma-separated list of host:port",
                "kafka.bootstrap        | h:0              | must have ports between 1 and 65535",
                "kafka.bootstrap        | h:65536          | must have ports between 1 and 65535",
                "kafka.bootstrap        | a:1,,b:2         | must be a comma-separated list of host:port",
                "kafka.bootstrap        | :9092            | must be a comma-separated list of host:port",
                "kafka.topic.leads      | a b              | is not a legal Kafka topic name",
                "kafka.topic.activities | a/b              | is not a legal Kafka topic name",
                "kafka.topic.dlq        | ..               | is not a legal Kafka topic name",
                "kafka.topic.config     | topic!           | is not a legal Kafka topic name",
                "kafka.topic.alerts     | é                | is not a legal Kafka topic name",
                "kafka.starting-offsets | newest           | must be one of earliest, latest, committed",
                "clickhouse.url         | localhost:8123   | must be an http:// or https:// URL",
                "clickhouse.url         | ftp://h:21       | must be an http:// or https:// URL",
                "clickhouse.url         | http://h         | must include a port",
                "clickhouse.url         | http://h:8123/db | must not have a path",
                "clickhouse.database    | 1db              | is not an identifier",
                "clickhouse.database    | lead-flow        | is not an identifier",
                "job.parallelism        | -1               | must be between 1 and 1024",
                "job.parallelism        | 1025             | must be between 1 and 1024",
                "job.parallelism        | two              | must be a whole number",
                "checkpoint.dir         | relative/dir     | must be a URI with a scheme",
                "checkpoint.interval    | 99ms             | must be at least 100ms",
                "checkpoint.interval    | 10 seconds       | is not a duration",
                "state.backend          | memory           | must be one of hashmap, rocksdb",
                "dedup.ttl              | 59s              | must be at least 1m",
                "lateness.allowed       | -PT1S            | must be at least 0s",
                "watermark.out-of-orderness | -PT1M        | must be at least 0s",
                "source.idle-timeout    | 0s               | must be greater than 0",
                "sink.batch-size        | 0                | must be between 1 and 1000000",
                "sink.batch-size        | 1000001          | must be between 1 and 1000000",
                "sink.flush-interval    | 0ms              | must be greater than 0",
                "sink.max-retries       | 101              | must be between 0 and 100",
                "sink.max-retries       | -1               | must be between 0 and 100",
            })
    void rejectsFromEverySource(String key, String value, String what) throws IOException {
        Setting setting = Setting.byKey(key).orElseThrow();
        String got = " (got '" + value + "')";

        assertThatThrownBy(
                        () -> ConfigLoader.load(new String[] {"--" + key + "=" + value}, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("flag --" + key + ": " + key + ": " + what)
                .hasMessageContaining(got);

        assertThatThrownBy(() -> ConfigLoader.load(new String[0], Map.of(setting.envName(), value)))
                .hasMessageContaining("environment " + setting.envName() + ": " + key + ": " + what)
                .hasMessageContaining(got);

        Path file = dir.resolve("leadflow.properties");
        Files.write(file, List.of("# first line is a comment", key + "=" + value));
        assertThatThrownBy(
                        () ->
                                ConfigLoader.load(
                                        new String[] {"--config", file.toString()}, Map.of()))
                .hasMessageContaining(file + ":2: " + key + ": " + what)
                .hasMessageContaining(got);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "kafka.bootstrap        | b1:9092,b2:9093   | b1:9092,b2:9093",
                "kafka.bootstrap        | [::1]:9092        | [::1]:9092",
                "kafka.starting-offsets | EARLIEST          | EARLIEST",
                "clickhouse.url         | HTTPS://ch:8443/  | https://ch:8443",
                "checkpoint.dir         | /var/lib/../ckpt  | file:///var/ckpt",
                "checkpoint.dir         | s3://bucket/ckpt  | s3://bucket/ckpt",
                "lateness.allowed       | 0s                | PT0S",
                "job.parallelism        | 1024              | 1024",
                "job.parallelism        | 0                 | 0",
                "sink.max-retries       | 0                 | 0",
            })
    void accepts(String key, String value, String expected) {
        Setting setting = Setting.byKey(key).orElseThrow();
        Object loaded =
                ConfigLoader.load(new String[] {"--" + key + "=" + value}, Map.of())
                        .config()
                        .get(setting);
        assertThat(String.valueOf(loaded)).isEqualTo(expected);
    }

    @Test
    void recordsApplyTheSameRulesAsLoading() {
        LeadflowConfig defaults = LeadflowConfig.defaults();
        assertThatThrownBy(() -> defaults.withParallelism(2000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("job.parallelism: must be between 1 and 1024 (got '2000')");
        assertThat(defaults.job().parallelism()).as("unset: the cluster's default").isZero();
        assertThat(defaults.job().parallelismText()).isEqualTo("the cluster's default");
        assertThatThrownBy(() -> defaults.withKafkaBootstrap("nohost"))
                .hasMessageStartingWith("kafka.bootstrap: ");
        assertThatThrownBy(() -> defaults.withClickHouse("http://h", "u", "p"))
                .hasMessageStartingWith("clickhouse.url: must include a port");
    }

    @Test
    void environmentNamesAndFlagsFollowTheKey() {
        assertThat(Setting.KAFKA_BOOTSTRAP.envName()).isEqualTo("LEADFLOW_KAFKA_BOOTSTRAP");
        assertThat(Setting.KAFKA_GROUP_ID.envName()).isEqualTo("LEADFLOW_KAFKA_GROUP_ID");
        assertThat(Setting.CLICKHOUSE_URL.envName()).isEqualTo("LEADFLOW_CLICKHOUSE_URL");
        assertThat(Setting.WATERMARK_OUT_OF_ORDERNESS.envName())
                .isEqualTo("LEADFLOW_WATERMARK_OUT_OF_ORDERNESS");
        assertThat(Setting.JOB_PARALLELISM.flag()).isEqualTo("--job.parallelism");
        assertThat(Arrays.stream(Setting.values()).map(Setting::envName).distinct())
                .hasSize(Setting.values().length)
                .doesNotContainAnyElementsOf(ConfigLoader.LAUNCHER_ENV_VARS);
        assertThat(Setting.namespaces())
                .containsExactly(
                        "kafka.",
                        "clickhouse.",
                        "job.",
                        "checkpoint.",
                        "state.",
                        "dedup.",
                        "lateness.",
                        "watermark.",
                        "source.",
                        "ui.",
                        "lifecycle.",
                        "sla.",
                        "scoring.",
                        "sink.");
    }

    @Test
    void theUiBindAddressIsAnAddressAndLoopbackByDefault() {
        assertThat(LeadflowConfig.defaults().job().uiBindAddress()).isEqualTo("127.0.0.1");
        assertThat(LeadflowConfig.defaults().job().withUiBindAddress("0.0.0.0").uiBindAddress())
                .isEqualTo("0.0.0.0");
        assertThat(LeadflowConfig.defaults().job().withUiBindAddress("::1").uiBindAddress())
                .isEqualTo("::1");
        assertThatThrownBy(() -> LeadflowConfig.defaults().job().withUiBindAddress("all of them"))
                .hasMessageContaining("ui.bind-address: must be an IP address or host name");
        assertThatThrownBy(() -> LeadflowConfig.defaults().job().withUiBindAddress(" "))
                .hasMessageContaining("ui.bind-address: must not be empty");
    }

    @Test
    void theWebhookUrlIsCheckedAndNeverShown() {
        assertThatThrownBy(
                        () ->
                                ConfigLoader.load(
                                        new String[] {
                                            "--sla.webhook-url=hooks.slack.com/T1/secret"
                                        },
                                        Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("sla.webhook-url")
                .hasMessageContaining("must be an http:// or https:// URL with a host")
                .hasMessageNotContaining("secret");
        LeadflowConfig config =
                ConfigLoader.load(
                                new String[] {
                                    "--sla.webhook-url=https://hooks.slack.com/T1/secret"
                                },
                                Map.of())
                        .config();
        assertThat(config.sla().webhookUrl()).isEqualTo("https://hooks.slack.com/T1/secret");
        assertThat(config.describe()).doesNotContain("secret");
        assertThat(config.toString()).doesNotContain("secret");
    }

    @Test
    void aBadTransitionRuleNamesTheSettingAndTheRule() {
        assertThatThrownBy(
                        () ->
                                ConfigLoader.load(
                                        new String[] {
                                            "--lifecycle.allowed-transitions=WON -> DONE"
                                        },
                                        Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("lifecycle.allowed-transitions")
                .hasMessageContaining("'DONE' is not a status");
        assertThat(
                        ConfigLoader.load(
                                        new String[] {
                                            "--lifecycle.allowed-transitions=WON -> RECYCLED"
                                        },
                                        Map.of())
                                .config()
                                .lifecycle()
                                .allowedTransitions()
                                .forbidden())
                .hasSize(9);
    }
}
