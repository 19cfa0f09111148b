package io.leadflow.schema.clickhouse;

import io.leadflow.schema.clickhouse.ClusterSchema.Table;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClusterSchemaTest {

    private static final List<Table> TABLES =
            List.of(
                    new Table(
                            "lead_scores",
                            "ReplacingMergeTree",
                            "CREATE TABLE lead_scores ( lead_id String,  seq UInt64) ENGINE ="
                                    + " ReplacingMergeTree ORDER BY (lead_id, seq) SETTINGS"
                                    + " index_granularity = 8192"),
                    new Table(
                            "funnel_flow",
                            "ReplacingMergeTree",
                            "CREATE TABLE funnel_flow ( day Date,  stage String,  entered UInt64,"
                                    + "  version UInt64) ENGINE = ReplacingMergeTree(version) ORDER"
                                    + " BY (day, stage) SETTINGS index_granularity = 8192"),
                    new Table(
                            "feed",
                            "MaterializedView",
                            "CREATE MATERIALIZED VIEW feed TO funnel_flow ( day Date) AS SELECT"
                                    + " day FROM lead_scores"),
                    new Table("daily", "View", "CREATE VIEW daily AS SELECT day FROM funnel_flow"));

    @Test
    void tablesBecomeReplicatedLocalsBehindDistributedTablesOfTheSameName() {
        List<String> s = ClusterSchema.statements(TABLES, "prod");
        assertThat(s.get(0))
                .isEqualTo(
                        "CREATE TABLE IF NOT EXISTS lead_scores_local ON CLUSTER prod ( lead_id"
                                + " String,  seq UInt64) ENGINE ="
                                + " ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/{database}/{table}',"
                                + " '{replica}') ORDER BY (lead_id, seq) SETTINGS"
                                + " index_granularity = 8192");
        // A lead's rows meet on one shard.
        assertThat(s.get(1))
                .isEqualTo(
                        "CREATE TABLE IF NOT EXISTS lead_scores ON CLUSTER prod AS"
                                + " lead_scores_local ENGINE = Distributed(prod, currentDatabase(),"
                                + " lead_scores_local, cityHash64(lead_id))");
        // An aggregate keeps its version column, and every version of a row meets on one shard.
        assertThat(s.get(2)).contains("ReplicatedReplacingMergeTree(", "'{replica}', version)");
        assertThat(s.get(3)).endsWith("funnel_flow_local, cityHash64(day, stage))");
        // The materialized view fires on the local table and feeds the local table.
        assertThat(s.get(4))
                .isEqualTo(
                        "CREATE MATERIALIZED VIEW IF NOT EXISTS feed ON CLUSTER prod TO"
                                + " funnel_flow_local ( day Date) AS SELECT day FROM"
                                + " lead_scores_local");
        // Views read the distributed names.
        assertThat(s.get(5))
                .isEqualTo(
                        "CREATE VIEW IF NOT EXISTS daily ON CLUSTER prod AS SELECT day FROM"
                                + " funnel_flow");
    }

    @Test
    void theClusterNameIsAnIdentifier() {
        assertThatThrownBy(() -> ClusterSchema.statements(TABLES, "prod; DROP TABLE x"))
                .hasMessageContaining("not a cluster name");
    }
}
