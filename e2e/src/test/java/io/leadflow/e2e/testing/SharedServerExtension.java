package io.leadflow.e2e.testing;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Gives tests one real server of a kind as a parameter: the server the environment names, or else
 * one started in a temporary directory the first time a test class asks, shared by all test classes
 * of the JVM (a start costs seconds), and stopped and deleted when the test run ends. Tests keep
 * out of each other's way with names of their own (topics, databases).
 *
 * @param <S> what tests get: the server's address and credentials
 */
abstract class SharedServerExtension<S> implements BeforeAllCallback, ParameterResolver {

    /** A server started for the test run and what stops it. */
    record Started<S>(S server, AutoCloseable local) {}

    private final Class<S> type;
    private final String name;
    private volatile S server;

    /**
     * @param type the parameter type tests ask for
     * @param name names the temporary directory and the store entry
     */
    SharedServerExtension(Class<S> type, String name) {
        this.type = type;
        this.name = name;
    }

    /** The server the environment names, or null to start one. */
    abstract S named(Map<String, String> env);

    /** Starts a local server in {@code dir}. */
    abstract Started<S> start(Path dir);

    @Override
    public final void beforeAll(ExtensionContext context) {
        server = server(context);
    }

    @Override
    public final boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == type;
    }

    @Override
    public final Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return server(context);
    }

    /** The server, once {@code beforeAll} has run for the test class. */
    public final S server() {
        if (server == null) {
            throw new IllegalStateException(name + " is used before beforeAll");
        }
        return server;
    }

    private S server(ExtensionContext context) {
        return type.cast(
                context.getRoot()
                        .getStore(ExtensionContext.Namespace.create(getClass()))
                        .getOrComputeIfAbsent("server", key -> startOrConnect(), Running.class)
                        .server());
    }

    private Running startOrConnect() {
        S named = named(System.getenv());
        if (named != null) {
            return new Running(named, null, null);
        }
        try {
            Path dir = Files.createTempDirectory("leadflow-" + name + "-");
            Started<S> started = start(dir);
            return new Running(started.server(), started.local(), dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The server of this test run, and the local process to stop at its end, if any. */
    private record Running(Object server, AutoCloseable local, Path dir) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            if (local != null) {
                local.close();
                TempDirs.delete(dir);
            }
        }
    }
}
