package io.leadflow.jobs.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ConfigLoaderTest {

    @TempDir Path dir;

    private Path file(String... lines) throws IOException {
        Path file = dir.resolve("leadflow.properties");
        Files.write(file, List.of(lines));
        return file;
    }

    private static ConfigLoader.Loaded load(Map<String, String> env, String... args) {
        return ConfigLoader.load(args, env);
    }

    @Test
    void noInputGivesDefaults() {
        ConfigLoader.Loaded loaded = load(Map.of());
        assertThat(loaded.config()).isEqualTo(LeadflowConfig.defaults());
        assertThat(loaded.remainingArgs()).isEmpty();
        assertThat(loaded.warnings()).isEmpty();
    }

    @Test
    void fileOverridesDefaultEnvOverridesFileFlagOverridesEnv() throws IOException {
        Path file =
                file(
                        "job.parallelism=3",
                        "sink.batch-size=10",
                        "sink.max-retries=7",
                        "kafka.group-id=from-file");
        Map<String, String> env =
                Map.of(
                        "LEADFLOW_CONFIG", file.toString(),
                        "LEADFLOW_SINK_BATCH_SIZE", "20",
                        "LEADFLOW_KAFKA_GROUP_ID", "from-env");

        LeadflowConfig config = load(env, "--kafka.group-id=from-flag").config();

        assertThat(config.job().parallelism()).isEqualTo(3); // file over default
        assertThat(config.sink().batchSize()).isEqualTo(20); // env over file
        assertThat(config.sink().maxRetries()).isEqualTo(7); // file, untouched by env
        assertThat(config.kafka().groupId()).isEqualTo("from-flag"); // flag over env
        assertThat(config.sink().flushInterval()).isEqualTo(Duration.ofSeconds(1)); // default
    }

    @Test
    void configFlagWinsOverConfigEnv() throws IOException {
        Path file = file("job.parallelism=9");
        LeadflowConfig config =
                load(
                                Map.of("LEADFLOW_CONFIG", "/nonexistent.properties"),
                                "--config",
                                file.toString())
                        .config();
        assertThat(config.job().parallelism()).isEqualTo(9);
    }

    @Test
    void flagsAcceptBothSpellingsAndAliases() {
        LeadflowConfig config =
                load(
                                Map.of(),
                                "--kafka.bootstrap",
                                "a:1, b:2",
                                "--clickhouse.url=https://ch:8443",
                                "--parallelism",
                                "8")
                        .config();
        assertThat(config.kafka().bootstrap()).isEqualTo("a:1,b:2");
        assertThat(config.clickHouse().url()).isEqualTo("https://ch:8443");
        assertThat(config.job().parallelism()).isEqualTo(8);
    }

    @Test
    void lastFlagWins() {
        LeadflowConfig config =
                load(Map.of(), "--job.parallelism=4", "--job.parallelism=5").config();
        assertThat(config.job().parallelism()).isEqualTo(5);
    }

    @Test
    void argumentsOutsideLeadflowNamespacesPassThroughInOrder() {
        ConfigLoader.Loaded loaded =
                load(
                        Map.of(),
                        "bench",
                        "--rate",
                        "5000",
                        "--kafka.bootstrap=k:9092",
                        "--duration=30s",
                        "-v",
                        "--",
                        "--job.parallelism=0");
        assertThat(loaded.remainingArgs())
                .containsExactly(
                        "bench",
                        "--rate",
                        "5000",
                        "--duration=30s",
                        "-v",
                        "--",
                        "--job.parallelism=0");
        assertThat(loaded.config().kafka().bootstrap()).isEqualTo("k:9092");
        assertThat(loaded.config().job().parallelism()).as("unset").isZero();
    }

    @Test
    void mistypedFlagInNamespaceIsRejectedWithSuggestion() {
        assertThatThrownBy(() -> load(Map.of(), "--kafka.bootstap=x:1", "demo"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(
                        "flag --kafka.bootstap: kafka.bootstap: unknown setting;"
                                + " did you mean --kafka.bootstrap?");
    }

    @Test
    void mistypedFlagWithSeparateValueDoesNotLeakTheValueIntoRemainingArgs() {
        ConfigException e =
                assertThrows(
                        ConfigException.class,
                        () -> load(Map.of(), "--clickhouse.pasword", "hunter2"));
        assertThat(e.getMessage())
                .contains("did you mean --clickhouse.password?")
                .doesNotContain("hunter2");
    }

    @Test
    void flagWithoutValueIsAnError() {
        assertThatThrownBy(() -> load(Map.of(), "--job.parallelism"))
                .hasMessageContaining("flag --job.parallelism: job.parallelism: needs a value");
        assertThatThrownBy(() -> load(Map.of(), "--job.parallelism", "--sink.batch-size=3"))
                .hasMessageContaining("flag --job.parallelism: job.parallelism: needs a value");
    }

    @Test
    void unknownKeyInFileIsAnErrorWithLineAndSuggestion() throws IOException {
        Path file = file("# comment", "", "kafka.bootstrap=k:1", "sink.batchsize=10");
        assertThatThrownBy(() -> load(Map.of(), "--config=" + file))
                .hasMessageContaining(
                        file
                                + ":4: sink.batchsize: unknown setting;"
                                + " did you mean sink.batch-size?");
    }

    @Test
    void invalidValueInFileNamesFileAndLine() throws IOException {
        Path file = file("# parallelism", "job.parallelism = 2000");
        assertThatThrownBy(() -> load(Map.of(), "--config", file.toString()))
                .hasMessageContaining(
                        file + ":2: job.parallelism: must be between 1 and 1024 (got '2000')");
    }

    @Test
    void fileLineNumbersSurviveContinuationLines() throws IOException {
        Path file = file("kafka.bootstrap=a:1,\\", "    b:2", "job.parallelism=x");
        ConfigException e =
                assertThrows(ConfigException.class, () -> load(Map.of(), "--config=" + file));
        assertThat(e.problems())
                .singleElement()
                .satisfies(p -> assertThat(p.where()).isEqualTo(file + ":3"));
    }

    @Test
    void missingConfigFileNamesThePath() {
        Path missing = dir.resolve("nope.properties");
        assertThatThrownBy(() -> load(Map.of(), "--config", missing.toString()))
                .hasMessageContaining(
                        "flag --config: config: file not found (got '" + missing + "')");
        assertThatThrownBy(() -> load(Map.of("LEADFLOW_CONFIG", missing.toString())))
                .hasMessageContaining(
                        "environment LEADFLOW_CONFIG: config: file not found (got '"
                                + missing
                                + "')");
    }

    @Test
    void allProblemsAreReportedTogether() throws IOException {
        Path file = file("dedup.ttl=10s", "kafka.topic.leads=bad topic");
        ConfigException e =
                assertThrows(
                        ConfigException.class,
                        () ->
                                load(
                                        Map.of(
                                                "LEADFLOW_CONFIG",
                                                file.toString(),
                                                "LEADFLOW_KAFKA_BOOTSTRAP",
                                                "nohost"),
                                        "--job.parallelism=2000",
                                        "--sink.flush-intervall=1s"));
        assertThat(e.problems()).hasSize(5);
        assertThat(e.getMessage())
                .startsWith("Invalid leadflow configuration (5 problems):")
                .contains("flag --sink.flush-intervall: sink.flush-intervall: unknown setting")
                .contains("environment LEADFLOW_KAFKA_BOOTSTRAP: kafka.bootstrap: ")
                .contains(file + ":1: dedup.ttl: must be at least 1m (got '10s')")
                .contains(file + ":2: kafka.topic.leads: is not a legal Kafka topic name")
                .contains("flag --job.parallelism: job.parallelism: must be between 1 and 1024");
    }

    @Test
    void unknownLeadflowEnvironmentVariablesAreWarningsNotErrors() {
        ConfigLoader.Loaded loaded =
                load(
                        Map.of(
                                "LEADFLOW_KAFKA_BOOTSTAP", "x:1",
                                "LEADFLOW_FOO", "far from every known name",
                                "LEADFLOW_HOME", "/opt/leadflow",
                                "LEADFLOW_DATA_DIR", "/data",
                                "PATH", "/bin"));
        assertThat(loaded.warnings())
                .containsExactly(
                        // sorted by name, so the order does not depend on the map
                        "environment LEADFLOW_FOO: not a leadflow setting, ignored",
                        "environment LEADFLOW_KAFKA_BOOTSTAP: not a leadflow setting, ignored;"
                                + " did you mean LEADFLOW_KAFKA_BOOTSTRAP?");
        assertThat(loaded.config()).isEqualTo(LeadflowConfig.defaults());
    }

    @Test
    void duplicateKeyInFileWarns() throws IOException {
        Path file = file("job.parallelism=3", "job.parallelism=4");
        ConfigLoader.Loaded loaded = load(Map.of(), "--config", file.toString());
        assertThat(loaded.config().job().parallelism()).isEqualTo(4);
        assertThat(loaded.warnings())
                .containsExactly(file + ":2: job.parallelism: set again, overriding line 1");
    }

    @Test
    void rulesThatCannotTakeEffectYetAreWarnedAboutWithTheirFile() throws IOException {
        Path rules = dir.resolve("rules.json");
        Files.writeString(
                rules,
                """
                {"policies": [{"name": "hot-mql", "leads": {"minScore": 60},
                               "start": "became_mql", "stop": "first_attempt", "deadline": "5m"}]}
                """);
        ConfigLoader.Loaded loaded = load(Map.of(), "--sla.policies-file=" + rules);
        assertThat(loaded.config().sla().policies().policies()).hasSize(1);
        assertThat(loaded.warnings())
                .singleElement()
                .asString()
                .endsWith(
                        "sla.policies-file: "
                                + rules
                                + ": policy 'hot-mql': leads.minScore: the job scores no lead"
                                + " (scoring.model-file is empty), so it covers no lead");
    }

    @Test
    void passwordNeverAppearsInErrorsOrDescriptions() throws IOException {
        String secret = "s3cr3t-Pa55";
        Path file = file("clickhouse.password=" + secret, "job.parallelism=2000");
        ConfigException e =
                assertThrows(
                        ConfigException.class,
                        () ->
                                load(
                                        Map.of("LEADFLOW_CLICKHOUSE_PASSWORD", secret),
                                        "--config",
                                        file.toString(),
                                        "--clickhouse.password=" + secret,
                                        "--clickhouse.url=http://u:" + secret + "@h:8123"));
        assertThat(e.getMessage()).doesNotContain(secret).contains("http://****@h:8123");

        LeadflowConfig config = load(Map.of("LEADFLOW_CLICKHOUSE_PASSWORD", secret)).config();
        assertThat(config.clickHouse().password()).isEqualTo(secret);
        assertThat(config.describe()).doesNotContain(secret).contains("password=****");
        assertThat(config.toString()).doesNotContain(secret).contains("password=****");
        assertThat(config.clickHouse().toString()).doesNotContain(secret);
    }

    @Test
    void passwordKeepsSurroundingWhitespace() {
        LeadflowConfig config = load(Map.of("LEADFLOW_CLICKHOUSE_PASSWORD", " pw ")).config();
        assertThat(config.clickHouse().password()).isEqualTo(" pw ");
    }

    @Test
    void leadflowConfigLoadIsTheSameAsConfigLoader() {
        assertThat(LeadflowConfig.load(new String[] {"--job.parallelism=7"}, Map.of()).config())
                .isEqualTo(LeadflowConfig.defaults().withParallelism(7));
    }
}
