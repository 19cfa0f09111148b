package io.leadflow.e2e;

import io.leadflow.e2e.testing.ClickHouseExtension;
import io.leadflow.e2e.testing.ClickHouseServer;
import io.leadflow.schema.clickhouse.ClickHouseException;
import io.leadflow.schema.clickhouse.ClickHouseHttp;
import io.leadflow.schema.clickhouse.Migration;
import io.leadflow.schema.clickhouse.SchemaMigrator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The migrations on a real ClickHouse: they apply, re-runs are no-ops, edits are refused. */
@ExtendWith(ClickHouseExtension.class)
class SchemaMigrationIT {

    @Test
    void appliesOnceAndRecordsEveryMigration(ClickHouseServer server) {
        String database = "migrate_" + Long.toHexString(System.nanoTime());
        ClickHouseHttp ch = server.client(null);
        SchemaMigrator migrator = new SchemaMigrator(ch, database);

        SchemaMigrator.Result first = migrator.migrate();
        assertThat(first.applied()).hasSameSizeAs(SchemaMigrator.bundled());
        assertThat(first.skipped()).isEmpty();

        SchemaMigrator.Result again = migrator.migrate();
        assertThat(again.applied()).isEmpty();
        assertThat(again.skipped()).hasSameSizeAs(SchemaMigrator.bundled());

        ClickHouseHttp db = ch.withDatabase(database);
        assertThat(db.queryLong("SELECT count() FROM schema_migrations FINAL"))
                .isEqualTo(SchemaMigrator.bundled().size());
        assertThat(
                        db.query(
                                "SELECT name FROM system.tables WHERE database = "
                                        + ClickHouseHttp.quote(database)
                                        + " ORDER BY name"))
                .extracting(r -> r.get("name").asText())
                .contains("lead_state", "lead_transitions", "dead_letters", "campaign_costs");
        assertThat(
                        db.queryLong(
                                "SELECT count() FROM system.columns WHERE database = "
                                        + ClickHouseHttp.quote(database)
                                        + " AND table IN ('lead_state', 'funnel_flow',"
                                        + " 'cohort_reach', 'source_monthly',"
                                        + " 'speed_to_lead_daily', 'stage_velocity_monthly',"
                                        + " 'stage_open_daily') AND comment = ''"))
                .as("every column of lead_state and the aggregate tables is documented")
                .isZero();
        assertThat(
                        db.queryText(
                                "SHOW CREATE TABLE "
                                        + ClickHouseHttp.identifier(database)
                                        + ".cohort_reach FORMAT TSV"))
                .as("cohort_reach is sorted by stage after unit (V014)")
                .contains("ORDER BY (unit, stage, cohort_day");
    }

    @Test
    void refusesAMigrationEditedAfterItWasApplied(ClickHouseServer server) {
        String database = "migrate_" + Long.toHexString(System.nanoTime());
        ClickHouseHttp ch = server.client(null);
        new SchemaMigrator(ch, database).migrate();

        List<Migration> edited = new ArrayList<>(SchemaMigrator.bundled());
        Migration first = edited.get(0);
        edited.set(
                0,
                Migration.of(
                        String.format("V%03d__%s.sql", first.version(), first.name()),
                        first.sql() + "\n-- edited"));
        assertThatThrownBy(() -> new SchemaMigrator(ch, database).migrate(edited))
                .isInstanceOf(ClickHouseException.class)
                .hasMessageContaining("was changed after it was applied");
    }

    @Test
    void aNewMigrationIsAppliedOnTopOfExistingOnes(ClickHouseServer server) {
        String database = "migrate_" + Long.toHexString(System.nanoTime());
        ClickHouseHttp ch = server.client(null);
        new SchemaMigrator(ch, database).migrate();
        List<Migration> more = new ArrayList<>(SchemaMigrator.bundled());
        more.add(
                Migration.of(
                        "V999__probe.sql",
                        "CREATE TABLE IF NOT EXISTS probe (x UInt8 COMMENT 'it''s; a probe')"
                                + " ENGINE = MergeTree ORDER BY x;"));
        SchemaMigrator.Result result = new SchemaMigrator(ch, database).migrate(more);
        assertThat(result.applied()).extracting(Migration::version).containsExactly(999);
        assertThat(ch.withDatabase(database).queryLong("SELECT count() FROM probe")).isZero();
    }
}
