package io.leadflow.cli;

import io.leadflow.generator.replay.OlistFunnel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The launcher's arguments, without any server: every subcommand's help with the defaults of the
 * code, flags and settings checked with messages that say what is wrong (and what a typo meant),
 * exit codes 0, 1 and 2.
 */
class LeadflowTest {

    private static LauncherRun run(Map<String, String> env, String... args) {
        return LauncherRun.of(env, args);
    }

    /** Runs a command that must be refused as bad input, and returns what it printed. */
    private static String runFails(Map<String, String> env, String... args) {
        LauncherRun outcome = run(env, args);
        assertThat(outcome.exitCode()).as(outcome.err()).isEqualTo(2);
        return outcome.err();
    }

    @Test
    void everyCommandHasHelpWithTheDefaultsOfTheCode() {
        LauncherRun top = run(Map.of(), "--help");
        assertThat(top.exitCode()).isZero();
        assertThat(top.out())
                .contains("demo", "bench", "replay", "migrate", "./leadflow test")
                .contains("--key=value");
        LauncherRun demo = run(Map.of(), "demo", "--help");
        assertThat(demo.exitCode()).isZero();
        assertThat(demo.out())
                .contains("--rate=<leadsPerSecond>")
                .contains("Default: 5")
                .contains("--duration=<duration>")
                .contains("Default: 0")
                .contains("--ui-port=<uiPort>")
                .contains("Default: 8081");
        assertThat(run(Map.of(), "bench", "--help").out()).contains("--quick", "--alerts");
        assertThat(run(Map.of(), "replay", "olist", "--help").out()).contains("--dir=DIR");
        assertThat(run(Map.of(), "replay", "x-education", "--help").out())
                .contains("--file=FILE", "Leads.csv");
        assertThat(run(Map.of(), "help", "migrate").out()).contains("--no-topics");
        assertThat(demo.out()).contains("--dashboard-port=<dashboardPort>", "Default: 8088");
        assertThat(run(Map.of(), "dashboard", "--help").out())
                .contains("--port=<port>", "Default: 8088", "readonly=1");
        assertThat(run(Map.of(), "generate", "--help").out()).contains("--rate", "--duration");
    }

    @Test
    void theDashboardAndTheGeneratorRefuseWhatTheyCannotServe() {
        assertThat(runFails(Map.of(), "demo", "--dashboard-port", "8081", "--duration", "1s"))
                .contains("--dashboard-port must be a port, 1 to 65535, other than --ui-port");
        assertThat(runFails(Map.of(), "dashboard", "--port", "70000"))
                .contains("--port must be a port, 1 to 65535 (got 70000)");
        assertThat(runFails(Map.of(), "generate", "--duration", "1s"))
                .contains("generate feeds a running Kafka", "LEADFLOW_KAFKA_BOOTSTRAP");
        assertThat(runFails(Map.of(), "generate", "--rate", "0"))
                .contains("--rate must be a positive whole number (got 0)");
    }

    @Test
    void badConfigurationAndFlagsExitWithTwoAndSayWhatIsWrong() {
        LauncherRun badConfig =
                run(Map.of(), "migrate", "--job.parallelism=2000", "--kafka.bootstap=x");
        assertThat(badConfig.exitCode()).isEqualTo(2);
        assertThat(badConfig.err())
                .contains("flag --job.parallelism: job.parallelism: must be between 1 and 1024")
                .contains("did you mean --kafka.bootstrap?");

        LauncherRun badFlag = run(Map.of(), "demo", "--rate", "fast");
        assertThat(badFlag.exitCode()).isEqualTo(2);
        assertThat(badFlag.err())
                .contains("leadflow demo: Invalid value for option '--rate'")
                .contains("'fast' is not an int")
                .contains("See ./leadflow demo --help");

        LauncherRun zero = run(Map.of(), "demo", "--rate", "0", "--duration", "1s");
        assertThat(zero.exitCode()).isEqualTo(2);
        assertThat(zero.err()).contains("--rate must be a positive whole number (got 0)");

        LauncherRun badDuration = run(Map.of(), "demo", "--duration", "soon");
        assertThat(badDuration.exitCode()).isEqualTo(2);
        assertThat(badDuration.err()).contains("'soon' is not a duration such as 90s, 15m or 2h");

        LauncherRun typo = run(Map.of(), "demo", "--durration", "1m");
        assertThat(typo.exitCode()).isEqualTo(2);
        assertThat(typo.err())
                .contains("Unknown options: '--durration'")
                .contains("Possible solutions: --duration");

        LauncherRun unknownFlag = run(Map.of(), "bench", "--turbo");
        assertThat(unknownFlag.exitCode()).isEqualTo(2);
        assertThat(unknownFlag.err())
                .contains("Unknown option: '--turbo'")
                .contains("See ./leadflow bench --help");

        LauncherRun badEnv = run(Map.of("LEADFLOW_CLICKHOUSE_URL", "ftp://x"), "migrate");
        assertThat(badEnv.exitCode()).isEqualTo(2);
        assertThat(badEnv.err()).contains("environment LEADFLOW_CLICKHOUSE_URL");

        LauncherRun unknownCommand = run(Map.of(), "dmeo");
        assertThat(unknownCommand.exitCode()).isEqualTo(2);
        assertThat(unknownCommand.err())
                .contains("unknown command 'dmeo'; the commands are demo, bench, replay, migrate");
    }

    @Test
    void aClickHouseThatNeverAnswersIsReportedWithinSeconds(@TempDir Path dataDir)
            throws Exception {
        try (java.net.ServerSocket silent =
                new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            String url = "http://127.0.0.1:" + silent.getLocalPort();
            long started = System.nanoTime();
            LauncherRun outcome =
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
    void replayChecksItsArgumentsBeforeAnythingStarts(@TempDir Path dir) throws Exception {
        Map<String, String> env = Map.of("LEADFLOW_DATA_DIR", dir.resolve("data").toString());
        assertThat(runFails(env, "replay", "olist"))
                .contains("Missing required option: '--dir=DIR'");
        assertThat(runFails(env, "replay"))
                .contains("name what to replay")
                .contains("replay x-education --file Leads.csv");
        assertThat(runFails(env, "replay", "events"))
                .contains("Missing required option: '--file=FILE'");
        assertThat(runFails(env, "replay", "events", "--file", dir.resolve("nope").toString()))
                .contains("no such file");
        assertThat(runFails(env, "replay", "kaggle")).contains("Unmatched argument");
        assertThat(runFails(env, "replay", "olist", "--dir", dir.resolve("nope").toString()))
                .contains("no such directory");
        Files.writeString(dir.resolve(OlistFunnel.MQL_FILE), "mql_id\n");
        assertThat(runFails(env, "replay", "olist", "--dir", dir.toString()))
                .contains("lacks " + OlistFunnel.DEALS_FILE)
                .doesNotContain("lacks " + OlistFunnel.MQL_FILE);
    }

    @Test
    void replayXEducationChecksItsFileBeforeAnythingStarts(@TempDir Path dir) throws Exception {
        Map<String, String> env = Map.of("LEADFLOW_DATA_DIR", dir.resolve("data").toString());
        assertThat(runFails(env, "replay", "x-education"))
                .contains("Missing required option: '--file=FILE'");
        Path missing = dir.resolve("nope.csv");
        assertThat(runFails(env, "replay", "x-education", "--file", missing.toString()))
                .contains("--file " + missing + ": no such file (" + missing + ")");
        assertThat(runFails(env, "replay", "x-education", "--file", dir.toString()))
                .contains("is a directory (" + dir + "); name the Leads.csv in it");
        Path wrong = dir.resolve("Leads.csv");
        Files.writeString(wrong, "Prospect ID,Converted\r\np,1\r\n");
        assertThat(runFails(env, "replay", "x-education", "--file", wrong.toString()))
                .contains("missing column(s) [Lead Origin, Lead Source");
        Path latin1 = dir.resolve("latin1.csv");
        Files.write(latin1, new byte[] {'P', (byte) 0xE9, '\n'});
        assertThat(runFails(env, "replay", "x-education", "--file", latin1.toString()))
                .contains("not UTF-8 text");
        // Nothing was started: no data directory, no servers.
        assertThat(dir.resolve("data")).doesNotExist();
        Path locked = dir.resolve("locked.csv");
        Files.writeString(locked, "Prospect ID\n");
        if (locked.toFile().setReadable(false, false) && !Files.isReadable(locked)) {
            // Only where permissions bind (not as root).
            assertThat(runFails(env, "replay", "x-education", "--file", locked.toString()))
                    .contains("cannot be read (" + locked + ")");
        }
    }
}
