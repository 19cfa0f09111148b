package io.leadflow.e2e.testing;

import io.leadflow.runtime.LocalClickHouse;

import java.nio.file.Path;
import java.util.Map;

/**
 * Gives tests a ClickHouse server as a {@link ClickHouseServer} parameter: the one {@code
 * LEADFLOW_CLICKHOUSE_URL} names (with {@code LEADFLOW_CLICKHOUSE_USER} and {@code
 * LEADFLOW_CLICKHOUSE_PASSWORD}), or one {@link LocalClickHouse} shared by the test run, as its
 * writer. Register it with {@code @ExtendWith}, or as a static {@code @RegisterExtension} field to
 * call {@link #freshDatabase(String)} on it.
 */
public final class ClickHouseExtension extends SharedServerExtension<ClickHouseServer> {

    public ClickHouseExtension() {
        super(ClickHouseServer.class, "clickhouse");
    }

    @Override
    ClickHouseServer named(Map<String, String> env) {
        String url = env.get("LEADFLOW_CLICKHOUSE_URL");
        if (url == null || url.isBlank()) {
            return null;
        }
        return new ClickHouseServer(
                url.strip().replaceAll("/+$", ""),
                env.getOrDefault("LEADFLOW_CLICKHOUSE_USER", "default"),
                env.getOrDefault("LEADFLOW_CLICKHOUSE_PASSWORD", ""));
    }

    @Override
    Started<ClickHouseServer> start(Path dir) {
        LocalClickHouse local = LocalClickHouse.start(dir);
        return new Started<>(
                new ClickHouseServer(
                        local.httpUrl(), LocalClickHouse.WRITER_USER, local.writerPassword()),
                local);
    }

    /** Creates a database for one test; see {@link ClickHouseServer#freshDatabase(String)}. */
    public String freshDatabase(String prefix) {
        return server().freshDatabase(prefix);
    }
}
