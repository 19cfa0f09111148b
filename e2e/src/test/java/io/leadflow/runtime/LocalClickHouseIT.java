package io.leadflow.runtime;

import io.leadflow.e2e.testing.ClickHouseServer;
import io.leadflow.e2e.testing.ClickHouseServer.ClickHouseQueryException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalClickHouseIT {

    private static final String DATABASE = "analyst_test";

    @TempDir static Path sharedDir;

    private static LocalClickHouse clickHouse;
    private static ClickHouseServer writer;
    private static ClickHouseServer analyst;

    @BeforeAll
    static void start() {
        clickHouse = LocalClickHouse.start(sharedDir, DATABASE);
        writer =
                new ClickHouseServer(
                        clickHouse.httpUrl(),
                        LocalClickHouse.WRITER_USER,
                        clickHouse.writerPassword());
        analyst = writer.as(LocalClickHouse.ANALYST_USER, clickHouse.analystPassword());
        writer.query("CREATE DATABASE IF NOT EXISTS " + DATABASE);
        writer.query(
                "CREATE TABLE IF NOT EXISTS "
                        + DATABASE
                        + ".leads (id UInt32) ENGINE = MergeTree ORDER BY id");
        writer.query("INSERT INTO " + DATABASE + ".leads VALUES (1), (2)");
        writer.query("CREATE DATABASE IF NOT EXISTS other");
        writer.query("CREATE TABLE IF NOT EXISTS other.secrets (s String) ENGINE = Memory");
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
    void theWriterNeedsItsGeneratedPassword() throws Exception {
        assertThat(clickHouse.writerPassword()).hasSizeGreaterThanOrEqualTo(24);
        assertThatThrownBy(() -> writer.as(LocalClickHouse.WRITER_USER, "").query("SELECT 1"))
                .isInstanceOf(ClickHouseQueryException.class)
                .hasMessageContaining("Password required");
        Path stored = sharedDir.resolve("writer.password");
        assertThat(Files.readString(stored, StandardCharsets.UTF_8).strip())
                .isEqualTo(clickHouse.writerPassword());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(stored)))
                .isEqualTo("rw-------");
        assertThat(Files.readString(sharedDir.resolve("users.xml")))
                .as("only hashes in the server's config")
                .doesNotContain(clickHouse.writerPassword())
                .doesNotContain(clickHouse.analystPassword());
    }

    @Test
    void analystReadsItsDatabase() {
        assertThat(analyst.query("SELECT count() FROM " + DATABASE + ".leads").strip())
                .isEqualTo("2");
        assertThat(analyst.query("SELECT id FROM " + DATABASE + ".leads ORDER BY id FORMAT CSV"))
                .isEqualTo("1\n2\n");
        assertThatThrownBy(
                        () -> analyst.as(LocalClickHouse.ANALYST_USER, "wrong").query("SELECT 1"))
                .isInstanceOf(ClickHouseQueryException.class);
    }

    @Test
    void analystCannotWriteOrChangeTheSchema() {
        for (String statement :
                new String[] {
                    "INSERT INTO " + DATABASE + ".leads VALUES (3)",
                    "CREATE TABLE " + DATABASE + ".x (id UInt8) ENGINE = Memory",
                    "CREATE TEMPORARY TABLE t (id UInt8)",
                    "DROP TABLE " + DATABASE + ".leads",
                    "ALTER TABLE " + DATABASE + ".leads DELETE WHERE 1",
                    "TRUNCATE TABLE " + DATABASE + ".leads",
                    "RENAME TABLE " + DATABASE + ".leads TO " + DATABASE + ".gone"
                }) {
            assertRefused(statement, "readonly");
        }
        assertThat(writer.query("SELECT count() FROM " + DATABASE + ".leads").strip())
                .isEqualTo("2");
    }

    @Test
    void analystCannotLiftItsLimits() throws Exception {
        assertRefused("SELECT 1 SETTINGS max_memory_usage = 0", "readonly");
        assertRefused("SELECT 1 SETTINGS max_execution_time = 0", "readonly");
        assertRefused("SET max_execution_time = 0", "readonly");
        assertRefused("SET readonly = 0", "readonly");
        assertThat(
                        analyst.query(
                                        "SELECT name, value FROM system.settings WHERE name IN"
                                                + " ('readonly', 'max_memory_usage',"
                                                + " 'max_execution_time') ORDER BY name FORMAT CSV")
                                .strip())
                .isEqualTo(
                        "\"max_execution_time\",\""
                                + LocalClickHouse.ANALYST_MAX_EXECUTION_SECONDS
                                + "\"\n\"max_memory_usage\",\""
                                + LocalClickHouse.ANALYST_MAX_MEMORY_BYTES
                                + "\"\n\"readonly\",\"1\"");
        // The same settings passed as HTTP parameters instead of in the query.
        HttpResponse<String> viaParameter =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(
                                                URI.create(
                                                        clickHouse.httpUrl()
                                                                + "/?max_memory_usage=0"
                                                                + "&max_execution_time=0"))
                                        .header("X-ClickHouse-User", LocalClickHouse.ANALYST_USER)
                                        .header("X-ClickHouse-Key", clickHouse.analystPassword())
                                        .POST(HttpRequest.BodyPublishers.ofString("SELECT 1"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
        assertThat(viaParameter.statusCode()).isNotEqualTo(200);
        assertThat(viaParameter.body()).contains("readonly");
    }

    @Test
    void analystCannotUseTableFunctions() {
        String writerLogin = "'default', '" + clickHouse.writerPassword() + "'";
        for (String query :
                new String[] {
                    "SELECT * FROM url('http://127.0.0.1:"
                            + clickHouse.httpPort()
                            + "/ping', TSV, 'x String')",
                    "SELECT * FROM remote('127.0.0.1:" + clickHouse.tcpPort() + "', system.one)",
                    "SELECT * FROM remote('127.0.0.1:"
                            + clickHouse.tcpPort()
                            + "', other.secrets, 'default', '')",
                    "SELECT * FROM remote('127.0.0.1:"
                            + clickHouse.tcpPort()
                            + "', other.secrets, "
                            + writerLogin
                            + ")",
                    "SELECT * FROM file('users.xml', TSV, 'x String')",
                    "SELECT * FROM numbers(10)"
                }) {
            assertRefused(query, "Table functions are forbidden");
        }
    }

    @Test
    void analystSeesOnlyItsDatabase() {
        assertRefused("SELECT count() FROM other.secrets", "Access denied");
        assertRefused("SELECT count() FROM default.anything", "Access denied");
        // 18.16 opens the system database to every user; what it lists is still filtered.
        assertThat(
                        analyst.query(
                                        "SELECT DISTINCT database FROM system.tables ORDER BY"
                                                + " database FORMAT CSV")
                                .strip())
                .isEqualTo("\"" + DATABASE + "\"\n\"system\"");
        assertThat(analyst.query("SELECT DISTINCT database FROM system.parts FORMAT CSV").strip())
                .isEqualTo("\"" + DATABASE + "\"");
    }

    @Test
    void analystCanKillOnlyItsOwnQueries() throws Exception {
        // About 6 s of the writer's: long enough to be seen running and killed, if it could be.
        CompletableFuture<String> slow =
                CompletableFuture.supplyAsync(
                        () ->
                                writer.query(
                                        "SELECT sleep(3), 'writer-query-marker' FROM"
                                                + " system.numbers LIMIT 2"
                                                + " SETTINGS max_block_size = 1 FORMAT Null"));
        String running =
                "SELECT count() FROM system.processes WHERE query LIKE '%writer-query-marker%'"
                        + " AND user = 'default' AND query NOT LIKE '%system.processes%'";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (writer.query(running).strip().equals("0") && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(writer.query(running).strip())
                .as("the writer's query is running")
                .isEqualTo("1");
        assertRefused("KILL QUERY WHERE user = 'default' SYNC", "attempts to kill query");
        assertThat(slow.get(20, TimeUnit.SECONDS)).as("it ran to its end").isEmpty();
    }

    @Test
    void restartOnSameDirectoryKeepsDataPortsAndPasswords(@TempDir Path dir) {
        String url;
        String analystPassword;
        String writerPassword;
        try (LocalClickHouse first = LocalClickHouse.start(dir)) {
            url = first.httpUrl();
            analystPassword = first.analystPassword();
            writerPassword = first.writerPassword();
            ClickHouseServer server =
                    new ClickHouseServer(url, LocalClickHouse.WRITER_USER, writerPassword);
            server.query("CREATE DATABASE leadflow");
            // LowCardinality only works when the writer profile enables it on 18.16.
            server.query(
                    "CREATE TABLE leadflow.kept (id UInt32, stage LowCardinality(String))"
                            + " ENGINE = MergeTree ORDER BY id");
            server.query("INSERT INTO leadflow.kept VALUES (1, 'lead'), (2, 'mql'), (3, 'sql')");
        }
        try (LocalClickHouse second = LocalClickHouse.start(dir)) {
            assertThat(second.httpUrl()).isEqualTo(url);
            assertThat(second.analystPassword()).isEqualTo(analystPassword);
            assertThat(second.writerPassword()).isEqualTo(writerPassword);
            ClickHouseServer analystAgain =
                    new ClickHouseServer(
                            second.httpUrl(), LocalClickHouse.ANALYST_USER, analystPassword);
            assertThat(analystAgain.query("SELECT count() FROM leadflow.kept").strip())
                    .isEqualTo("3");
        }
    }

    private static void assertRefused(String sql, String because) {
        assertThatThrownBy(() -> analyst.query(sql))
                .as(sql)
                .isInstanceOf(ClickHouseQueryException.class)
                .hasMessageContaining(because);
    }
}
