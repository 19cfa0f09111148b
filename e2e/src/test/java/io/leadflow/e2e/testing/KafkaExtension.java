package io.leadflow.e2e.testing;

import io.leadflow.runtime.LocalKafka;

import java.nio.file.Path;
import java.util.Map;

/**
 * Gives tests a Kafka cluster as a {@link KafkaServer} parameter: the one {@code
 * LEADFLOW_KAFKA_BOOTSTRAP} names, or one {@link LocalKafka} broker shared by the test run. Tests
 * use topic names of their own, since the broker is shared.
 */
public final class KafkaExtension extends SharedServerExtension<KafkaServer> {

    public KafkaExtension() {
        super(KafkaServer.class, "kafka");
    }

    @Override
    KafkaServer named(Map<String, String> env) {
        String bootstrap = env.get("LEADFLOW_KAFKA_BOOTSTRAP");
        return bootstrap == null || bootstrap.isBlank() ? null : new KafkaServer(bootstrap.strip());
    }

    @Override
    Started<KafkaServer> start(Path dir) {
        LocalKafka local = LocalKafka.start(dir);
        return new Started<>(new KafkaServer(local.bootstrapServers()), local);
    }
}
