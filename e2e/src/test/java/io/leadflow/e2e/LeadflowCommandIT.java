package io.leadflow.e2e;

import io.leadflow.cli.LauncherRun;
import io.leadflow.e2e.testing.ClickHouseExtension;
import io.leadflow.e2e.testing.ClickHouseServer;
import io.leadflow.e2e.testing.KafkaExtension;
import io.leadflow.e2e.testing.KafkaServer;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The launcher's Java side: flags and configuration are validated, migrate works on a server. */
@ExtendWith({ClickHouseExtension.class, KafkaExtension.class})
class LeadflowCommandIT {

    private static LauncherRun run(Map<String, String> env, String... args) {
        return LauncherRun.of(env, args);
    }

    @Test
    void migrateProvisionsTablesAndTopicsOnTheServersNamedByEnvironmentAndIsRepeatable(
            ClickHouseServer server, KafkaServer kafka, @TempDir Path dataDir) throws Exception {
        String run = Long.toHexString(System.nanoTime());
        String database = "cli_" + run;
        Map<String, String> env = new java.util.HashMap<>();
        env.put("LEADFLOW_CLICKHOUSE_URL", server.httpUrl());
        env.put("LEADFLOW_CLICKHOUSE_USER", server.user());
        env.put("LEADFLOW_CLICKHOUSE_PASSWORD", server.password());
        env.put("LEADFLOW_CLICKHOUSE_DATABASE", database);
        env.put("LEADFLOW_KAFKA_BOOTSTRAP", kafka.bootstrapServers());
        env.put("LEADFLOW_DATA_DIR", dataDir.toString());
        List<String> topics = new java.util.ArrayList<>();
        for (String name : List.of("leads", "activities", "dlq", "config", "alerts")) {
            String topic = "cli-" + name + "-" + run;
            env.put("LEADFLOW_KAFKA_TOPIC_" + name.toUpperCase(java.util.Locale.ROOT), topic);
            topics.add(topic);
        }
        LauncherRun first = run(env, "migrate");
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("applied  V001__lead_state_and_transitions");
        for (String topic : topics) {
            assertThat(first.out()).contains("created  topic " + topic);
        }
        try (Admin admin =
                Admin.create(
                        Map.of(
                                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                kafka.bootstrapServers()))) {
            // A new topic's metadata reaches every broker component a moment after its creation.
            java.util.concurrent.atomic.AtomicReference<Map<String, TopicDescription>> found =
                    new java.util.concurrent.atomic.AtomicReference<>();
            assertThat(
                            TestPipelines.await(
                                    () -> {
                                        try {
                                            found.set(
                                                    admin.describeTopics(topics)
                                                            .allTopicNames()
                                                            .get(10, TimeUnit.SECONDS));
                                            return true;
                                        } catch (Exception notYet) {
                                            return false;
                                        }
                                    },
                                    30))
                    .isTrue();
            Map<String, TopicDescription> described = found.get();
            assertThat(described.get("cli-config-" + run).partitions())
                    .as("the latest rules must win: one partition")
                    .hasSize(1);
            assertThat(described.get("cli-leads-" + run).partitions()).hasSize(2);
        }
        LauncherRun second = run(env, "migrate");
        assertThat(second.exitCode()).isZero();
        assertThat(second.out())
                .contains("present  V001__")
                .doesNotContain("applied")
                .doesNotContain("created  topic");
        assertThat(dataDir.resolve("clickhouse")).as("no local server was started").doesNotExist();
        assertThat(dataDir.resolve("kafka")).as("no local broker was started").doesNotExist();
    }

    @Test
    void demoRunsThePipelineForItsDurationAndStopsCleanly(
            ClickHouseServer server, KafkaServer kafka, @TempDir Path dataDir) throws Exception {
        String run = Long.toHexString(System.nanoTime());
        Map<String, String> env = new java.util.HashMap<>();
        env.put("LEADFLOW_CLICKHOUSE_URL", server.httpUrl());
        env.put("LEADFLOW_CLICKHOUSE_USER", server.user());
        env.put("LEADFLOW_CLICKHOUSE_PASSWORD", server.password());
        env.put("LEADFLOW_CLICKHOUSE_DATABASE", "demo_" + run);
        env.put("LEADFLOW_KAFKA_BOOTSTRAP", kafka.bootstrapServers());
        env.put("LEADFLOW_DATA_DIR", dataDir.toString());
        for (String name : List.of("leads", "activities", "dlq", "config", "alerts")) {
            env.put(
                    "LEADFLOW_KAFKA_TOPIC_" + name.toUpperCase(java.util.Locale.ROOT),
                    "demo-" + name + "-" + run);
        }
        int uiPort;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            uiPort = free.getLocalPort();
        }
        LauncherRun demo =
                run(
                        env,
                        "demo",
                        "--duration",
                        "12s",
                        "--rate",
                        "5",
                        "--ui-port",
                        Integer.toString(uiPort));
        String printed = demo.out() + demo.err();
        assertThat(demo.exitCode()).as(printed).isZero();
        assertThat(printed)
                .contains("feeding 5 new leads/s")
                .contains("events sent")
                .doesNotContain("summary unavailable");
    }
}
