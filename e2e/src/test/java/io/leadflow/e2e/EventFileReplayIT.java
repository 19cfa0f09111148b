package io.leadflow.e2e;

import io.leadflow.cli.LauncherRun;
import io.leadflow.e2e.testing.ClickHouseExtension;
import io.leadflow.e2e.testing.ClickHouseServer;
import io.leadflow.e2e.testing.KafkaExtension;
import io.leadflow.e2e.testing.KafkaServer;
import io.leadflow.generator.GeneratedHistory;
import io.leadflow.generator.GeneratorSettings;
import io.leadflow.generator.LeadEvent;
import io.leadflow.generator.LeadHistoryGenerator;
import io.leadflow.schema.clickhouse.ClickHouseHttp;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./leadflow replay events --file}: an export of generated events with bad lines mixed in is
 * backfilled through the real pipeline; every good event lands (the leads equal the generator's
 * truth, the aggregates equal the per-lead answers) and every bad line is a dead letter naming its
 * line number.
 */
@ExtendWith({ClickHouseExtension.class, KafkaExtension.class})
class EventFileReplayIT {

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void anExportIsBackfilledAndItsBadLinesBecomeDeadLettersWithTheirLineNumbers(
            ClickHouseServer server, KafkaServer kafka, @TempDir Path dir) throws Exception {
        GeneratedHistory history =
                new LeadHistoryGenerator(
                                GeneratorSettings.defaults()
                                        .withSeed(99L)
                                        .withLeadCount(800)
                                        .withLeadIdPrefix("file-"))
                        .generate();
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        List<Long> badLines = new ArrayList<>();
        long line = 0;
        List<LeadEvent> events = history.events();
        for (int i = 0; i < events.size(); i++) {
            if (i == 10) {
                file.write("{not json\n".getBytes(StandardCharsets.UTF_8));
                badLines.add(++line);
            }
            if (i == 500) {
                file.write("\n".getBytes(StandardCharsets.UTF_8));
                line++;
                file.write(
                        "{\"eventId\":\"x\",\"type\":\"lead.created\"}\r\n"
                                .getBytes(StandardCharsets.UTF_8));
                badLines.add(++line);
            }
            file.write(events.get(i).toBytes());
            file.write('\n');
            line++;
        }
        file.write("{\"type\":\"nonsense\"}".getBytes(StandardCharsets.UTF_8));
        badLines.add(++line);
        Path export = dir.resolve("export.jsonl");
        Files.write(export, file.toByteArray());

        String run = Long.toHexString(System.nanoTime());
        String database = "file_" + run;
        Map<String, String> env = new HashMap<>();
        env.put("LEADFLOW_CLICKHOUSE_URL", server.httpUrl());
        env.put("LEADFLOW_CLICKHOUSE_USER", server.user());
        env.put("LEADFLOW_CLICKHOUSE_PASSWORD", server.password());
        env.put("LEADFLOW_CLICKHOUSE_DATABASE", database);
        env.put("LEADFLOW_KAFKA_BOOTSTRAP", kafka.bootstrapServers());
        env.put("LEADFLOW_DATA_DIR", dir.resolve("data").toString());
        for (String name : List.of("leads", "activities", "dlq", "config", "alerts")) {
            env.put(
                    "LEADFLOW_KAFKA_TOPIC_" + name.toUpperCase(Locale.ROOT),
                    "file-" + name + "-" + run);
        }
        LauncherRun replay = LauncherRun.of(env, "replay", "events", "--file", export.toString());
        assertThat(replay.exitCode()).as(replay.err()).isEqualTo(2);
        assertThat(replay.out())
                .contains(String.format("%,d lines", line))
                .contains("bad lines   3")
                .contains(String.format("events      %,d", events.size()));
        assertThat(replay.err()).contains("lines:");

        ClickHouseHttp ch =
                new ClickHouseHttp(
                        URI.create(server.httpUrl()), database, server.user(), server.password());
        List<Long> deadLines = new ArrayList<>();
        for (JsonNode r :
                ch.query("SELECT offset, reason, topic FROM dead_letters FINAL ORDER BY offset")) {
            long at = Long.parseLong(r.get("offset").asText());
            deadLines.add(at);
            assertThat(r.get("reason").asText()).startsWith("line " + at + ": ");
            assertThat(r.get("topic").asText()).isEqualTo("file:" + export.toAbsolutePath());
        }
        assertThat(deadLines).isEqualTo(badLines);
        GroundTruthCheck.assertLeadsMatchTruth(ch, history);
        AggregateOracle.assertAllMatch(ch);

        LauncherRun missing = LauncherRun.of(env, "replay", "events", "--file", "nope.jsonl");
        assertThat(missing.exitCode()).isNotZero();
        assertThat(missing.err()).contains("--file nope.jsonl: no such file");
    }
}
