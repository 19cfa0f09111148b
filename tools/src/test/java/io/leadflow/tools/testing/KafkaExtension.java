package io.leadflow.tools.testing;

import io.leadflow.tools.runtime.LocalKafka;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Gives tests a Kafka cluster as a {@link KafkaServer} parameter. With {@code
 * LEADFLOW_KAFKA_BOOTSTRAP} set that cluster is used; otherwise one {@link LocalKafka} broker is
 * started in a temporary directory the first time a test class asks, shared by all test classes of
 * the JVM (a broker start costs several seconds), and stopped and deleted when the test run ends.
 * Tests should use topic names of their own, since the broker is shared.
 */
public final class KafkaExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(KafkaExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        server(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == KafkaServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return server(context);
    }

    private static KafkaServer server(ExtensionContext context) {
        return context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent("server", key -> Running.startOrConnect(), Running.class)
                .server();
    }

    /** The cluster of this test run, and the local broker to stop at its end, if any. */
    private record Running(KafkaServer server, LocalKafka local, Path dir)
            implements AutoCloseable {

        static Running startOrConnect() {
            String bootstrap = System.getenv("LEADFLOW_KAFKA_BOOTSTRAP");
            if (bootstrap != null && !bootstrap.isBlank()) {
                return new Running(new KafkaServer(bootstrap.strip()), null, null);
            }
            try {
                Path dir = Files.createTempDirectory("leadflow-kafka-");
                LocalKafka local = LocalKafka.start(dir);
                return new Running(new KafkaServer(local.bootstrapServers()), local, dir);
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
