package io.leadflow.tools;

import io.leadflow.tools.testing.ClickHouseExtension;
import io.leadflow.tools.testing.ClickHouseServer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The launcher's Java side: flags and configuration are validated, migrate works on a server. */
@ExtendWith(ClickHouseExtension.class)
class LeadflowCommandTest {

    private record Outcome(int exitCode, String out, String err) {}

    private static Outcome run(Map<String, String> env, String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Leadflow.run(args, env);
            return new Outcome(
                    code,
                    out.toString(StandardCharsets.UTF_8),
                    err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void migrateUsesTheServerNamedByEnvironmentAndIsRepeatable(
            ClickHouseServer server, @TempDir Path dataDir) {
        String database = "cli_" + Long.toHexString(System.nanoTime());
        Map<String, String> env =
                Map.of(
                        "LEADFLOW_CLICKHOUSE_URL", server.httpUrl(),
                        "LEADFLOW_CLICKHOUSE_USER", server.user(),
                        "LEADFLOW_CLICKHOUSE_PASSWORD",
                                server.password() == null ? "" : server.password(),
                        "LEADFLOW_CLICKHOUSE_DATABASE", database,
                        "LEADFLOW_DATA_DIR", dataDir.toString());
        Outcome first = run(env, "migrate");
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("applied  V001__lead_state_and_transitions");
        Outcome second = run(env, "migrate");
        assertThat(second.exitCode()).isZero();
        assertThat(second.out()).contains("present  V001__").doesNotContain("applied");
        assertThat(dataDir.resolve("clickhouse")).as("no local server was started").doesNotExist();
    }

    @Test
    void aClickHouseThatNeverAnswersIsReportedWithinSeconds(@TempDir Path dataDir)
            throws Exception {
        try (java.net.ServerSocket silent =
                new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            String url = "http://127.0.0.1:" + silent.getLocalPort();
            long started = System.nanoTime();
            Outcome outcome =
                    run(
                            Map.of(
                                    "LEADFLOW_CLICKHOUSE_URL",
                                    url,
                                    "LEADFLOW_DATA_DIR",
                                    dataDir.toString()),
                            "migrate");
            assertThat(java.time.Duration.ofNanos(System.nanoTime() - started))
                    .isLessThan(java.time.Duration.ofSeconds(10));
            assertThat(outcome.exitCode()).isEqualTo(1);
            assertThat(outcome.err())
                    .isEqualTo(
                            "leadflow migrate: cannot reach ClickHouse at "
                                    + url
                                    + ": connected, but no answer within 5 s (is this ClickHouse's"
                                    + " HTTP port, and is the server responsive?)\n");
        }
    }

    @Test
    void badConfigurationAndFlagsExitWithTwoAndSayWhatIsWrong() {
        Outcome badConfig = run(Map.of(), "migrate", "--job.parallelism=0", "--kafka.bootstap=x");
        assertThat(badConfig.exitCode()).isEqualTo(2);
        assertThat(badConfig.err())
                .contains("flag --job.parallelism: job.parallelism: must be between 1 and 1024")
                .contains("did you mean --kafka.bootstrap?");

        Outcome badFlag = run(Map.of(), "demo", "--rate", "fast");
        assertThat(badFlag.exitCode()).isEqualTo(2);
        assertThat(badFlag.err())
                .contains("demo: --rate must be a positive whole number (got 'fast')");

        Outcome unknownFlag = run(Map.of(), "bench", "--turbo");
        assertThat(unknownFlag.exitCode()).isEqualTo(2);
        assertThat(unknownFlag.err()).contains("unknown flag --turbo").contains("--quick");

        Outcome badEnv = run(Map.of("LEADFLOW_CLICKHOUSE_URL", "ftp://x"), "migrate");
        assertThat(badEnv.exitCode()).isEqualTo(2);
        assertThat(badEnv.err()).contains("environment LEADFLOW_CLICKHOUSE_URL");

        assertThat(run(Map.of(), "frobnicate").exitCode()).isEqualTo(2);
    }
}
