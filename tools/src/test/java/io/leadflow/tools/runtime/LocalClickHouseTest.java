package io.leadflow.tools.runtime;

import io.leadflow.tools.testing.ClickHouseServer;
import io.leadflow.tools.testing.ClickHouseServer.ClickHouseQueryException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalClickHouseTest {

    @TempDir static Path sharedDir;

    private static LocalClickHouse clickHouse;
    private static ClickHouseServer writer;
    private static ClickHouseServer analyst;

    @BeforeAll
    static void start() {
        clickHouse = LocalClickHouse.start(sharedDir, "analyst-secret");
        writer = new ClickHouseServer(clickHouse.httpUrl(), "default", "");
        analyst = writer.as(LocalClickHouse.ANALYST_USER, clickHouse.analystPassword());
    }

    @AfterAll
    static void stop() {
        clickHouse.close();
    }

    @Test
    void answersOverHttpOnLoopback() {
        assertThat(clickHouse.httpUrl()).startsWith("http://127.0.0.1:");
        assertThat(clickHouse.tcpPort()).isPositive().isNotEqualTo(clickHouse.httpPort());
        // The Debian package here is 18.16.1; a newer local install must work as well.
        assertThat(writer.query("SELECT version()").strip()).matches("\\d+\\.\\d+\\.\\d+.*");
    }

    @Test
    void analystReadsButCannotWrite() {
        String db = writer.freshDatabase("analyst_test");
        writer.query("CREATE TABLE " + db + ".leads (id UInt32) ENGINE = MergeTree ORDER BY id");
        writer.query("INSERT INTO " + db + ".leads VALUES (1), (2)");

        assertThat(analyst.query("SELECT count() FROM " + db + ".leads").strip()).isEqualTo("2");
        // readonly=2 still lets dashboards tune single queries.
        assertThat(analyst.query("SELECT 1 SETTINGS max_threads = 1").strip()).isEqualTo("1");
        assertThatThrownBy(() -> analyst.query("INSERT INTO " + db + ".leads VALUES (3)"))
                .isInstanceOf(ClickHouseQueryException.class)
                .hasMessageContaining("readonly");
        assertThatThrownBy(
                        () -> analyst.query("CREATE TABLE " + db + ".x (id UInt8) ENGINE = Memory"))
                .isInstanceOf(ClickHouseQueryException.class)
                .hasMessageContaining("readonly");
        assertThatThrownBy(
                        () -> analyst.as(LocalClickHouse.ANALYST_USER, "wrong").query("SELECT 1"))
                .isInstanceOf(ClickHouseQueryException.class);
    }

    @Test
    void restartOnSameDirectoryKeepsDataPortsAndPassword(@TempDir Path dir) {
        String url;
        String password;
        try (LocalClickHouse first = LocalClickHouse.start(dir)) {
            url = first.httpUrl();
            password = first.analystPassword();
            ClickHouseServer server = new ClickHouseServer(url, "default", "");
            // LowCardinality only works when the writer profile enables it on 18.16.
            server.query(
                    "CREATE TABLE kept (id UInt32, stage LowCardinality(String))"
                            + " ENGINE = MergeTree ORDER BY id");
            server.query("INSERT INTO kept VALUES (1, 'lead'), (2, 'mql'), (3, 'sql')");
        }
        try (LocalClickHouse second = LocalClickHouse.start(dir)) {
            assertThat(second.httpUrl()).isEqualTo(url);
            assertThat(second.analystPassword()).isEqualTo(password);
            ClickHouseServer analystAgain =
                    new ClickHouseServer(second.httpUrl(), LocalClickHouse.ANALYST_USER, password);
            assertThat(analystAgain.query("SELECT count() FROM kept").strip()).isEqualTo("3");
        }
    }
}
