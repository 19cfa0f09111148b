package io.leadflow.e2e;

import io.leadflow.e2e.testing.ClickHouseExtension;
import io.leadflow.e2e.testing.ClickHouseServer;
import io.leadflow.jobs.io.ClickHouseDeliveryLedger;
import io.leadflow.jobs.io.ClickHouseRowSinks;
import io.leadflow.jobs.io.ClickHouseSink;
import io.leadflow.jobs.io.ClickHouseTable;
import io.leadflow.jobs.rows.DeadLetter;
import io.leadflow.jobs.sla.PagingOutcome;
import io.leadflow.jobs.sla.SlaAlert;
import io.leadflow.jobs.sla.Webhook;
import io.leadflow.schema.clickhouse.ClickHouseHttp;
import io.leadflow.schema.clickhouse.SchemaMigrator;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ClickHouse sink on a real server: every string arrives byte for byte, whatever it holds (the
 * JDBC driver it replaces ran JDBC escape processing over bound values, so {@code {fn ucase('x')}}
 * was stored as {@code ucase('x')}), and every table the job writes matches its migrated schema
 * column for column.
 */
@ExtendWith(ClickHouseExtension.class)
class ClickHouseSinkIT {

    @RegisterExtension static final MiniClusterExtension FLINK = TestPipelines.miniCluster();

    @Test
    void arbitraryStringsRoundTripByteForByte(ClickHouseServer server) throws Exception {
        String database = server.freshDatabase("sink_strings");
        ClickHouseHttp ch = server.client(database);
        new SchemaMigrator(ch, database).migrate();

        List<String> strings = new ArrayList<>(HostileCorpus.TRICKY);
        strings.add("");
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 200; i++) {
            strings.add(HostileCorpus.randomText(random, 1 + random.nextInt(12)));
        }
        List<SlaAlert> alerts = new ArrayList<>();
        List<DeadLetter> deadLetters = new ArrayList<>();
        for (int i = 0; i < strings.size(); i++) {
            String s = strings.get(i);
            alerts.add(
                    new SlaAlert(
                            "alert-" + i,
                            SlaAlert.Kind.HOT_LEAD,
                            s,
                            s,
                            s,
                            s,
                            s,
                            1_760_000_000_000L,
                            1_760_000_000_000L,
                            null,
                            1_760_000_000_000L,
                            Long.MAX_VALUE,
                            s));
            deadLetters.add(
                    new DeadLetter(
                            "topic",
                            0,
                            i,
                            s,
                            1_760_000_000_000L,
                            "NOT_JSON",
                            s,
                            s.getBytes(StandardCharsets.UTF_8)));
        }

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        ClickHouseSink.Settings settings =
                new ClickHouseSink.Settings(
                        server.httpUrl(),
                        database,
                        server.user(),
                        server.password(),
                        37,
                        Duration.ofMillis(100),
                        0);
        ClickHouseRowSinks sinks = new ClickHouseRowSinks(settings);
        env.fromData(alerts).sinkTo(sinks.slaAlerts());
        env.fromData(deadLetters).sinkTo(sinks.deadLetters());
        env.execute("sink-round-trip");

        Map<String, String> expected = new LinkedHashMap<>();
        for (int i = 0; i < strings.size(); i++) {
            expected.put("alert-" + i, hex(strings.get(i)));
        }
        for (String column : List.of("policy", "lead_id", "owner", "team", "recipient", "detail")) {
            Map<String, String> stored =
                    ch.query("SELECT alert_id, hex(" + column + ") AS h FROM sla_alerts").stream()
                            .collect(
                                    Collectors.toMap(
                                            r -> r.get("alert_id").asText(),
                                            r -> r.get("h").asText()));
            assertThat(stored).as(column).isEqualTo(expected);
        }
        for (JsonNode row :
                ch.query(
                        "SELECT offset, hex(record_key) AS k, hex(reason) AS r, hex(raw) AS raw,"
                                + " raw_base64 FROM dead_letters")) {
            int i = row.get("offset").asInt();
            String want = hex(strings.get(i));
            assertThat(row.get("k").asText()).as("record_key %d", i).isEqualTo(want);
            assertThat(row.get("r").asText()).as("reason %d", i).isEqualTo(want);
            assertThat(row.get("raw").asText()).as("raw %d", i).isEqualTo(want);
            assertThat(row.get("raw_base64").asText())
                    .isEqualTo(
                            java.util.Base64.getEncoder()
                                    .encodeToString(
                                            strings.get(i).getBytes(StandardCharsets.UTF_8)));
        }
        assertThat(ch.queryLong("SELECT count() FROM dead_letters")).isEqualTo(strings.size());
    }

    @Test
    void aDeliveryStaysRecordedWhateverIsRecordedAfterIt(ClickHouseServer server) throws Exception {
        String database = server.freshDatabase("sink_ledger");
        ClickHouseHttp ch = server.client(database);
        new SchemaMigrator(ch, database).migrate();
        ClickHouseDeliveryLedger ledger =
                new ClickHouseDeliveryLedger(
                        new ClickHouseSink.Settings(
                                server.httpUrl(),
                                database,
                                server.user(),
                                server.password(),
                                1,
                                Duration.ofSeconds(1),
                                0));
        SlaAlert alert =
                new SlaAlert(
                        "L-1/rfq/1/HOT_LEAD",
                        SlaAlert.Kind.HOT_LEAD,
                        "rfq",
                        "L-1",
                        "rep",
                        "team",
                        "rep",
                        1_760_000_000_000L,
                        1_760_000_000_000L,
                        null,
                        1_760_000_000_000L,
                        Long.MAX_VALUE,
                        "rfq");
        assertThat(ledger.delivered(alert.alertId())).isFalse();
        ledger.record(
                List.of(
                        new PagingOutcome(
                                alert,
                                new Webhook.Delivery(
                                        Webhook.Delivery.Outcome.DELIVERED, 1, 200, ""),
                                1_760_000_001_000L)));
        // Posted again later (the ledger was unreachable then) and failed: the delivery stays.
        ledger.record(
                List.of(
                        new PagingOutcome(
                                alert,
                                new Webhook.Delivery(
                                        Webhook.Delivery.Outcome.FAILED, 4, 503, "HTTP 503"),
                                1_760_000_099_000L)));
        ch.execute("OPTIMIZE TABLE webhook_deliveries FINAL");
        assertThat(ledger.delivered(alert.alertId())).isTrue();
        assertThat(
                        ch.queryText(
                                "SELECT outcome, http_status FROM webhook_deliveries FINAL FORMAT TSV"))
                .isEqualTo("DELIVERED\t200\n");
    }

    @Test
    void everyTableTheJobWritesMatchesItsMigration(ClickHouseServer server) {
        String database = server.freshDatabase("sink_columns");
        ClickHouseHttp ch = server.client(database);
        new SchemaMigrator(ch, database).migrate();
        for (ClickHouseTable<?> table : ClickHouseRowSinks.allTables()) {
            Map<String, String> migrated = new LinkedHashMap<>();
            for (JsonNode column :
                    ch.query("DESCRIBE TABLE " + ClickHouseHttp.identifier(table.name()))) {
                migrated.put(column.get("name").asText(), column.get("type").asText());
            }
            Map<String, String> written = new LinkedHashMap<>();
            table.columns().forEach(c -> written.put(c.name(), c.type()));
            assertThat(written).as(table.name()).containsExactlyEntriesOf(migrated);
        }
    }

    private static String hex(String s) {
        return HexFormat.of().withUpperCase().formatHex(s.getBytes(StandardCharsets.UTF_8));
    }
}
