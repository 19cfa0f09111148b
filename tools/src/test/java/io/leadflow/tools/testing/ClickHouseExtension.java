package io.leadflow.tools.testing;

import io.leadflow.tools.runtime.LocalClickHouse;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Gives tests a ClickHouse server as a {@link ClickHouseServer} parameter. With {@code
 * LEADFLOW_CLICKHOUSE_URL} set (and optionally {@code LEADFLOW_CLICKHOUSE_USER}, {@code
 * LEADFLOW_CLICKHOUSE_PASSWORD}) that server is used; otherwise one {@link LocalClickHouse} is
 * started in a temporary directory the first time a test class asks, shared by all test classes of
 * the JVM, and stopped and deleted when the test run ends. Register it with {@code @ExtendWith}, or
 * as a static {@code @RegisterExtension} field to call {@link #freshDatabase(String)} on it.
 */
public final class ClickHouseExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(ClickHouseExtension.class);

    private volatile ClickHouseServer server;

    @Override
    public void beforeAll(ExtensionContext context) {
        server = server(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == ClickHouseServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return server(context);
    }

    /** The server, once {@code beforeAll} has run for the test class. */
    public ClickHouseServer server() {
        if (server == null) {
            throw new IllegalStateException("ClickHouseExtension is used before beforeAll");
        }
        return server;
    }

    /** Creates a database for one test; see {@link ClickHouseServer#freshDatabase(String)}. */
    public String freshDatabase(String prefix) {
        return server().freshDatabase(prefix);
    }

    private static ClickHouseServer server(ExtensionContext context) {
        return context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent("server", key -> Running.startOrConnect(), Running.class)
                .server();
    }

    /** The server of this test run, and the local process to stop at its end, if any. */
    private record Running(ClickHouseServer server, LocalClickHouse local, Path dir)
            implements AutoCloseable {

        static Running startOrConnect() {
            String url = System.getenv("LEADFLOW_CLICKHOUSE_URL");
            if (url != null && !url.isBlank()) {
                String user = System.getenv().getOrDefault("LEADFLOW_CLICKHOUSE_USER", "default");
                String password = System.getenv().getOrDefault("LEADFLOW_CLICKHOUSE_PASSWORD", "");
                return new Running(
                        new ClickHouseServer(url.replaceAll("/+$", ""), user, password),
                        null,
                        null);
            }
            try {
                Path dir = Files.createTempDirectory("leadflow-clickhouse-");
                LocalClickHouse local = LocalClickHouse.start(dir);
                return new Running(
                        new ClickHouseServer(
                                local.httpUrl(),
                                LocalClickHouse.WRITER_USER,
                                local.writerPassword()),
                        local,
                        dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            if (local != null) {
                local.close();
                TempDirs.delete(dir);
            }
        }
    }
}
