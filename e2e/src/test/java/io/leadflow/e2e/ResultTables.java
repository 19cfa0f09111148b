package io.leadflow.e2e;

import io.leadflow.jobs.aggregate.Aggregate;
import io.leadflow.jobs.io.ClickHouseRowSinks;
import io.leadflow.schema.clickhouse.ClickHouseHttp;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Everything a run leaves in ClickHouse that must not depend on how the run went: every column of
 * {@code lead_state} (but the write time), the transition views, dead letters, late events, spend
 * the funnel views and the aggregate tables, each as sorted text. Two runs over the same topics
 * agree exactly when their snapshots are equal, whatever failures, restarts or arrival orders one
 * of them went through.
 */
final class ResultTables {

    private ResultTables() {}

    /** The queries, by name; every lead_state column comes from the sink's table definition. */
    static Map<String, String> queries() {
        List<String> leadColumns =
                ClickHouseRowSinks.LEAD_STATE.columnNames().stream()
                        .filter(c -> !c.equals("updated_at"))
                        .toList();
        Map<String, String> queries = new LinkedHashMap<>();
        queries.put(
                "lead_state",
                "SELECT "
                        + String.join(", ", leadColumns)
                        + " FROM lead_state FINAL ORDER BY lead_id");
        queries.put("lead_transitions", "SELECT * FROM lead_transitions ORDER BY lead_id, seq");
        queries.put(
                "rejected_transitions",
                "SELECT * FROM rejected_transitions ORDER BY lead_id, occurred_at, event_id");
        queries.put("dead_letters", "SELECT * FROM dead_letters FINAL ORDER BY dead_letter_id");
        queries.put(
                "late_events",
                "SELECT event_id, lead_id, event_type, source, occurred_at FROM late_events FINAL"
                        + " ORDER BY event_id");
        queries.put(
                "campaign_costs",
                "SELECT * FROM campaign_costs FINAL ORDER BY day, lead_source, campaign");
        queries.put(
                "funnel_cohort",
                "SELECT * FROM funnel_cohort ORDER BY grain, cohort_start, lead_source, campaign,"
                        + " stage");
        queries.put(
                "funnel_daily",
                "SELECT * FROM funnel_daily ORDER BY day, lead_source, campaign, segment, stage");
        queries.put(
                "source_metrics",
                "SELECT * FROM source_metrics ORDER BY month, attribution, lead_source, campaign,"
                        + " currency");
        return queries;
    }

    /** The snapshot of one database. */
    static Map<String, String> of(ClickHouseHttp ch) {
        Map<String, String> snapshot = new LinkedHashMap<>();
        queries().forEach((name, sql) -> snapshot.put(name, ch.queryText(sql + " FORMAT TSV")));
        // Aggregate rows without their version (a write time) and without rows retracted to zero,
        // which a shuffled run may leave where a clean one never wrote.
        for (Aggregate a : AggregateOracle.comparedByTable()) {
            StringBuilder lines = new StringBuilder();
            AggregateOracle.table(ch, a)
                    .forEach((k, v) -> lines.append(k).append('\t').append(v).append('\n'));
            snapshot.put(a.table(), lines.toString());
        }
        snapshot.put("sla_compliance_daily", AggregateOracle.slaCompliance(ch, "table"));
        return snapshot;
    }

    /** Events the database's leads were derived from, to wait for a run to catch up. */
    static long eventsApplied(ClickHouseHttp ch) {
        return ch.queryLong("SELECT sum(events_applied) FROM lead_state FINAL");
    }

    /** Asserts table by table, naming the first lines that differ. */
    static void assertSame(Map<String, String> expected, Map<String, String> actual, String run) {
        for (String table : expected.keySet()) {
            String want = expected.get(table);
            String got = actual.get(table);
            if (!want.equals(got)) {
                List<String> wantLines = want.lines().toList();
                List<String> gotLines = got.lines().toList();
                java.util.Set<String> wantSet = new java.util.HashSet<>(wantLines);
                java.util.Set<String> gotSet = new java.util.HashSet<>(gotLines);
                List<String> missing =
                        wantLines.stream().filter(l -> !gotSet.contains(l)).limit(3).toList();
                List<String> extra =
                        gotLines.stream().filter(l -> !wantSet.contains(l)).limit(3).toList();
                assertThat(got)
                        .as(
                                "%s: %s differs from the clean run (%d rows vs %d); missing %s;"
                                        + " unexpected %s",
                                run, table, gotLines.size(), wantLines.size(), missing, extra)
                        .isEqualTo(want);
            }
        }
        assertThat(expected.get("lead_state").lines().count())
                .as("the comparison has something to compare")
                .isGreaterThan(100);
    }
}
