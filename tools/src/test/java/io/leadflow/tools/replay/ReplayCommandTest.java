package io.leadflow.tools.replay;

import io.leadflow.tools.Leadflow;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code replay}'s arguments are checked before anything starts, with messages that help. */
class ReplayCommandTest {

    private static String runFails(Map<String, String> env, String... args) {
        PrintStream oldErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            assertThat(Leadflow.run(args, env)).isEqualTo(2);
            return err.toString(StandardCharsets.UTF_8);
        } finally {
            System.setErr(oldErr);
        }
    }

    @Test
    void namesTheSupportedDataSets(@TempDir Path dataDir) {
        Map<String, String> env = Map.of("LEADFLOW_DATA_DIR", dataDir.toString());
        assertThat(runFails(env, "replay", "kaggle", "--dir", "."))
                .contains("unknown data set 'kaggle'; supported: olist");
        assertThat(runFails(env, "replay")).contains("supported: olist");
    }

    @Test
    void saysWhichFileIsMissing(@TempDir Path dir) throws Exception {
        Map<String, String> env = Map.of("LEADFLOW_DATA_DIR", dir.resolve("data").toString());
        assertThat(runFails(env, "replay", "olist")).contains("--dir DIR is required");
        assertThat(runFails(env, "replay", "olist", "--dir", dir.resolve("nope").toString()))
                .contains("no such directory");
        Files.writeString(dir.resolve(OlistFunnel.MQL_FILE), "mql_id\n");
        assertThat(runFails(env, "replay", "olist", "--dir", dir.toString()))
                .contains("lacks " + OlistFunnel.DEALS_FILE)
                .doesNotContain("lacks " + OlistFunnel.MQL_FILE);
    }
}
