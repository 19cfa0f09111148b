package io.leadflow.e2e;

import io.leadflow.runtime.LocalClickHouse;
import io.leadflow.schema.clickhouse.ClickHouseException;
import io.leadflow.schema.clickhouse.ClickHouseHttp;
import io.leadflow.schema.clickhouse.Migration;
import io.leadflow.schema.clickhouse.SchemaMigrator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The schema survives a ClickHouse restart: ClickHouse 18.16 stores each view's query rewritten and
 * re-reads it at start, so a view that works right after {@code CREATE VIEW} can be broken after a
 * restart (V004's source_metrics was). Every table and view is read after a restart, on a database
 * migrated from scratch and on one migrated before the fix.
 */
class SchemaRestartIT {

    private static final String DATABASE = "leadflow";

    @Test
    void everyTableAndViewAnswersAfterAServerRestart(@TempDir Path dir) {
        LocalClickHouse server = LocalClickHouse.start(dir);
        try {
            ClickHouseHttp ch = client(server);
            new SchemaMigrator(ch, DATABASE).migrate();
            seed(ch);
            List<String> tables = tables(ch);
            assertThat(tables).contains("lead_state", "source_metrics", "funnel_cohort");
            assertEveryOneAnswers(ch, tables);

            server.close();
            server = LocalClickHouse.start(dir);
            ch = client(server);

            assertThat(tables(ch)).containsExactlyElementsOf(tables);
            assertEveryOneAnswers(ch, tables);
            assertThat(ch.queryLong("SELECT sum(leads) AS all_leads FROM source_metrics"))
                    .as("both attribution models count the seeded lead")
                    .isEqualTo(2);
        } finally {
            server.close();
        }
    }

    @Test
    void aDatabaseMigratedBeforeTheFixIsRepairedByTheNextMigrate(@TempDir Path dir) {
        List<Migration> beforeFix =
                SchemaMigrator.bundled().stream().filter(m -> m.version() <= 10).toList();
        LocalClickHouse server = LocalClickHouse.start(dir);
        try {
            new SchemaMigrator(client(server), DATABASE).migrate(beforeFix);
            server.close();
            server = LocalClickHouse.start(dir);
            ClickHouseHttp broken = client(server);
            assertThatThrownBy(() -> broken.queryLong("SELECT count() FROM source_metrics"))
                    .as("the defect this guards against, reproduced")
                    .isInstanceOf(ClickHouseException.class)
                    .hasMessageContaining("leads doesn't exist");

            new SchemaMigrator(broken, DATABASE).migrate();
            server.close();
            server = LocalClickHouse.start(dir);
            ClickHouseHttp repaired = client(server);
            assertEveryOneAnswers(repaired, tables(repaired));
            assertThat(
                            repaired.queryLong(
                                    "SELECT count() FROM system.columns WHERE database = 'leadflow'"
                                            + " AND table = 'lead_state' AND type LIKE '%Int16%'"))
                    .as("counters widened")
                    .isZero();
        } finally {
            server.close();
        }
    }

    private static ClickHouseHttp client(LocalClickHouse server) {
        return new ClickHouseHttp(
                URI.create(server.httpUrl()), DATABASE, "default", server.writerPassword());
    }

    private static List<String> tables(ClickHouseHttp ch) {
        return ch
                .query(
                        "SELECT name FROM system.tables WHERE database = "
                                + ClickHouseHttp.quote(DATABASE)
                                + " ORDER BY name")
                .stream()
                .map(r -> r.get("name").asText())
                .toList();
    }

    /** Reads every column of every table and view, so a view that cannot run fails here. */
    private static void assertEveryOneAnswers(ClickHouseHttp ch, List<String> tables) {
        for (String table : tables) {
            try {
                ch.queryText("SELECT * FROM " + ClickHouseHttp.identifier(table) + " FORMAT Null");
            } catch (ClickHouseException e) {
                throw new AssertionError(table + " does not answer: " + e.getMessage(), e);
            }
        }
    }

    /** One lead with a transition and one day of spend, so the views have rows to compute. */
    private static void seed(ClickHouseHttp ch) {
        ch.execute(
                "INSERT INTO lead_state (lead_id, status, cycle, lead_source, campaign, created_at,"
                        + " last_event_at, events_applied, version, updated_at, transition_seq,"
                        + " transition_cycle, transition_from_status, transition_to_status,"
                        + " transition_occurred_at, transition_event_id, transition_event_type,"
                        + " transition_actor, transition_reason, transition_implied) VALUES"
                        + " ('L-1', 'MQL', 1, 'web', 'spring', '2026-03-01 10:00:00',"
                        + " '2026-03-01 10:00:00', 1, 1, now(), [0], [1], [''], ['MQL'],"
                        + " ['2026-03-01 10:00:00'], ['e-1'], ['lead.created'], ['web'], [''],"
                        + " [0])");
        ch.execute(
                "INSERT INTO campaign_costs (day, lead_source, campaign, medium, amount, currency,"
                        + " event_id, reported_at, version) VALUES ('2026-03-01', 'web', 'spring',"
                        + " '', 100, 'EUR', 'c-1', now(), 1)");
    }
}
