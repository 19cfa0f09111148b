package io.leadflow.e2e.testing;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(KafkaExtension.class)
class ExtensionsIT {

    @RegisterExtension static final ClickHouseExtension CLICKHOUSE = new ClickHouseExtension();

    @Test
    void freshDatabasesAreSeparate(ClickHouseServer clickHouse) {
        String first = CLICKHOUSE.freshDatabase("ext-test");
        String second = clickHouse.freshDatabase("ext-test");

        assertThat(first).startsWith("ext_test_").isNotEqualTo(second);
        assertThat(
                        clickHouse
                                .query(
                                        "SELECT count() FROM system.databases WHERE name IN ('"
                                                + first
                                                + "', '"
                                                + second
                                                + "')")
                                .strip())
                .isEqualTo("2");
    }

    @Test
    void createsTopics(KafkaServer kafka) throws Exception {
        kafka.createTopics(3, "ext-test-a", "ext-test-b");
        kafka.createTopics(3, "ext-test-a");

        try (Admin admin =
                Admin.create(
                        Map.of(
                                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                kafka.bootstrapServers()))) {
            assertThat(admin.listTopics().names().get()).contains("ext-test-a", "ext-test-b");
            assertThat(
                            admin.describeTopics(java.util.List.of("ext-test-a"))
                                    .allTopicNames()
                                    .get()
                                    .get("ext-test-a")
                                    .partitions())
                    .hasSize(3);
        }
    }
}
