package io.leadflow.e2e;

import io.leadflow.jobs.aggregate.Aggregate;
import io.leadflow.schema.clickhouse.ClickHouseHttp;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The aggregate tables the job maintains, against the same questions answered from the per-lead
 * layer ({@code lead_state FINAL}, {@code lead_transitions} and the views over them). Both sides
 * are brought to one long form, {@code key|measure -> value} with zeros left out, so a table row
 * that the job retracted to zero and a row that never existed compare equal. The per-lead SQL
 * returns per-lead (or per-transition) rows with the table's column names, histograms as
 * one-element arrays of the bucket from {@code duration_buckets}; the long form sums them.
 */
final class AggregateOracle {

    private AggregateOracle() {}

    /** The bucket of a duration in seconds {@code x}, as SQL over {@code duration_buckets}. */
    private static String bucket(String x) {
        return "toUInt16(if(("
                + x
                + ") <= 0, 0, arrayCount(l -> l <= ("
                + x
                + "), (SELECT groupArray(lower_seconds) FROM (SELECT lower_seconds FROM"
                + " duration_buckets FINAL ORDER BY bucket))) - 1))";
    }

    private static String histogram(String name, String seconds, String condition) {
        return "if("
                + condition
                + ", ["
                + bucket(seconds)
                + "], emptyArrayUInt16()) AS "
                + name
                + "_bucket, if("
                + condition
                + ", [toUInt64(1)], emptyArrayUInt64()) AS "
                + name
                + "_count";
    }

    private static String days(String from, String to) {
        return "toUInt32(intDiv(greatest(toInt64("
                + to
                + ") - toInt64("
                + from
                + "), 0) + 86399, 86400))";
    }

    /** The per-lead SQL of each aggregate. */
    static final Map<Aggregate, String> ORACLE = new EnumMap<>(Aggregate.class);

    static {
        ORACLE.put(Aggregate.FUNNEL_FLOW, "SELECT * FROM funnel_daily");
        String leads =
                "(SELECT lead_id, assumeNotNull(created_at) AS created, lead_source, campaign"
                        + " FROM lead_state FINAL WHERE created_at IS NOT NULL)";
        ORACLE.put(
                Aggregate.COHORT_REACH,
                "SELECT 'lead' AS unit, toDate(created) AS cohort_day, lead_source, campaign,"
                        + " '' AS stage, toUInt32(0) AS days_to_reach, toUInt64(1) AS members FROM "
                        + leads
                        + " UNION ALL SELECT 'first_cycle' AS unit, toDate(created) AS cohort_day,"
                        + " lead_source, campaign, '' AS stage, toUInt32(0) AS days_to_reach,"
                        + " toUInt64(1) AS members FROM "
                        + leads
                        + " UNION ALL SELECT 'lead' AS unit, toDate(created_at) AS cohort_day,"
                        + " lead_source, campaign, stage, "
                        + days("toUnixTimestamp(created_at)", "toUnixTimestamp(first_at)")
                        + " AS days_to_reach, toUInt64(1) AS members FROM stage_reached"
                        + " UNION ALL SELECT 'first_cycle' AS unit, toDate(created_at) AS"
                        + " cohort_day, lead_source, campaign, stage, "
                        + days("toUnixTimestamp(created_at)", "first_at_cycle1")
                        + " AS days_to_reach, toUInt64(1) AS members FROM stage_reached"
                        + " WHERE first_at_cycle1 > 0"
                        + " UNION ALL SELECT 'cycle' AS unit, toDate(toDateTime(start, 'UTC')) AS"
                        + " cohort_day, lead_source, campaign, tupleElement(e, 1) AS stage, "
                        + days("start", "tupleElement(e, 2)")
                        + " AS days_to_reach, toUInt64(1) AS members FROM (SELECT lead_id, start,"
                        + " e FROM (SELECT lead_id, min(first_at) AS start,"
                        + " arrayJoin(arrayPushFront(groupArray((to_status, first_at)), ('',"
                        + " min(first_at)))) AS e FROM (SELECT lead_id, cycle, to_status,"
                        + " min(toUInt32(occurred_at)) AS first_at FROM lead_transitions GROUP BY"
                        + " lead_id, cycle, to_status) GROUP BY lead_id, cycle)) ALL INNER JOIN "
                        + leads
                        + " AS l USING (lead_id)");
        String attributed =
                "(SELECT lead_id, arrayJoin([('first_touch', lead_source, campaign),"
                        + " ('last_touch', last_touch_source, last_touch_campaign)]) AS a,"
                        + " tupleElement(a, 1) AS attribution, tupleElement(a, 2) AS src,"
                        + " tupleElement(a, 3) AS cmp, assumeNotNull(created_at) AS created FROM"
                        + " lead_state FINAL WHERE created_at IS NOT NULL)";
        ORACLE.put(
                Aggregate.SOURCE_METRICS,
                "SELECT toStartOfMonth(at) AS month, attribution, src AS lead_source, cmp AS"
                        + " campaign, currency, toUInt64(kind = 'lead') AS leads, toUInt64(kind ="
                        + " 'MQL') AS reached_mql, toUInt64(kind = 'SQL') AS reached_sql,"
                        + " toUInt64(kind = 'OPPORTUNITY') AS opportunities, toUInt64(kind = 'WON')"
                        + " AS won, if(kind = 'OPPORTUNITY', milli, 0) AS pipeline_amount_milli,"
                        + " if(kind = 'WON', milli, 0) AS won_amount_milli FROM (SELECT lead_id,"
                        + " 'lead' AS kind, created AS at, '' AS currency, toInt64(0) AS milli,"
                        + " attribution, src, cmp FROM "
                        + attributed
                        + " UNION ALL SELECT lead_id, kind, at, currency, milli, attribution, src,"
                        + " cmp FROM (SELECT lead_id, to_status AS kind, min(occurred_at) AS at, ''"
                        + " AS currency, toInt64(0) AS milli FROM lead_transitions WHERE to_status"
                        + " IN ('MQL', 'SQL') GROUP BY lead_id, to_status UNION ALL SELECT lead_id,"
                        + " to_status AS kind, occurred_at AS at, currency,"
                        + " toInt64(floor(ifNull(amount, 0) * 1000 + 0.5)) AS milli FROM"
                        + " lead_transitions WHERE to_status IN ('OPPORTUNITY', 'WON')) ALL INNER"
                        + " JOIN "
                        + attributed
                        + " AS l USING (lead_id))");
        String start = "toInt64(toUnixTimestamp(started))";
        String wait = "toInt64(toUnixTimestamp(ifNull(first_response_at, started))) - " + start;
        String connect = "toInt64(toUnixTimestamp(ifNull(first_connect_at, started))) - " + start;
        String fromQualified =
                "toInt64(toUnixTimestamp(ifNull(first_attempt_after_qualified_at, started)))"
                        + " - toInt64(toUnixTimestamp(ifNull(qualified_at, started)))";
        String isConnected = "ifNull(first_connect_at >= started, 0)";
        ORACLE.put(
                Aggregate.SPEED_TO_LEAD,
                "SELECT toDate(started) AS day, lead_source, if(first_response_at IS NULL,"
                        + " owner, first_response_owner) AS owner, if(first_response_at IS NULL,"
                        + " team, first_response_team) AS team, channel, toUInt8(toHour(started))"
                        + " AS hour, toUInt64(1) AS leads, toUInt64(first_response_at IS NOT NULL)"
                        + " AS contacted, toUInt64(first_response_at IS NOT NULL AND "
                        + wait
                        + " <= 300) AS contacted_within_5m, toUInt64(first_response_at IS NOT NULL"
                        + " AND "
                        + wait
                        + " <= 3600) AS contacted_within_1h, toUInt64(first_response_at IS NOT"
                        + " NULL AND "
                        + wait
                        + " <= 86400) AS contacted_within_24h, toUInt64("
                        + isConnected
                        + ") AS connected, toUInt64(qualified_at IS NOT NULL) AS qualified,"
                        + " toUInt64(qualified_at IS NOT NULL AND first_attempt_after_qualified_at"
                        + " IS NOT NULL) AS qualified_contacted, if("
                        + isConnected
                        + ", toInt64(ifNull(attempts_to_connect, 0)), 0) AS"
                        + " attempts_to_connect_sum, "
                        + histogram("wait", wait, "first_response_at IS NOT NULL")
                        + ", "
                        + histogram(
                                "from_qualified",
                                fromQualified,
                                "qualified_at IS NOT NULL AND first_attempt_after_qualified_at IS"
                                        + " NOT NULL")
                        + ", "
                        + histogram("connect", connect, isConnected)
                        + " FROM (SELECT *, assumeNotNull(response_started_at) AS started FROM"
                        + " lead_state FINAL WHERE created_at IS NOT NULL AND response_started_at"
                        + " IS NOT NULL)");
        String stays =
                "(SELECT lead_id, arrayJoin(arrayMap((s, n, t, u) -> (s, n, t, u),"
                        + " arrayPopBack(statuses), arrayPopFront(statuses), arrayPopBack(times),"
                        + " arrayPopFront(times))) AS stay FROM (SELECT lead_id, arrayMap(x ->"
                        + " tupleElement(x, 2), arraySort(groupArray((seq, to_status)))) AS"
                        + " statuses, arrayMap(x -> tupleElement(x, 2), arraySort(groupArray((seq,"
                        + " toUInt32(occurred_at))))) AS times FROM lead_transitions WHERE implied"
                        + " = 0 GROUP BY lead_id))";
        String length = "(toInt64(tupleElement(stay, 4)) - toInt64(tupleElement(stay, 3)))";
        ORACLE.put(
                Aggregate.STAGE_VELOCITY,
                "SELECT toStartOfMonth(toDateTime(tupleElement(stay, 4), 'UTC')) AS month,"
                        + " lead_source, tupleElement(stay, 1) AS stage, tupleElement(stay, 2) AS"
                        + " next_stage, toUInt64(1) AS moves, "
                        + length
                        + " AS seconds_sum, "
                        + histogram("seconds", length, "1")
                        + " FROM "
                        + stays
                        + " ANY LEFT JOIN (SELECT lead_id, lead_source FROM lead_state FINAL) AS l"
                        + " USING (lead_id)");
        ORACLE.put(
                Aggregate.SCORE_CALIBRATION,
                "SELECT model_version, toStartOfMonth(assumeNotNull(created_at)) AS cohort_month,"
                        + " toInt32(least(floor(calibration_score / 10) * 10, 90)) AS band_from,"
                        + " toUInt64(1) AS leads, toUInt64(reached_sql_at IS NOT NULL) AS"
                        + " reached_sql, toUInt64(won_at IS NOT NULL) AS won FROM"
                        + " lead_score_current FINAL WHERE created_at IS NOT NULL");
        ORACLE.put(
                Aggregate.STAGE_OPEN,
                "SELECT toDate(entered_at) AS day, lead_source, stage, toUInt64(1) AS leads FROM"
                        + " stage_open");
    }

    /** A table's rows in long form. */
    static Map<String, Long> table(ClickHouseHttp ch, Aggregate aggregate) {
        return longForm(aggregate, ch.query("SELECT * FROM " + aggregate.table() + " FINAL"));
    }

    /** The per-lead answer in long form. */
    static Map<String, Long> oracle(ClickHouseHttp ch, Aggregate aggregate) {
        return longForm(aggregate, ch.query(ORACLE.get(aggregate)));
    }

    static Map<String, Long> longForm(Aggregate aggregate, List<JsonNode> rows) {
        Map<String, Long> form = new TreeMap<>();
        for (JsonNode row : rows) {
            List<String> key = new ArrayList<>();
            for (Aggregate.Dimension d : aggregate.dimensions()) {
                key.add(row.get(d.name()).asText());
            }
            String prefix = String.join("|", key) + "|";
            for (String counter : aggregate.counters()) {
                form.merge(prefix + counter, Long.parseLong(row.get(counter).asText()), Long::sum);
            }
            for (String h : aggregate.histograms()) {
                JsonNode buckets = row.get(h + "_bucket");
                JsonNode counts = row.get(h + "_count");
                for (int i = 0; i < buckets.size(); i++) {
                    form.merge(
                            prefix + h + ":" + buckets.get(i).asText(),
                            Long.parseLong(counts.get(i).asText()),
                            Long::sum);
                }
            }
        }
        form.values().removeIf(v -> v == 0);
        return form;
    }

    /**
     * The aggregates compared table to table. {@code sla_daily} is not: how its clocks without an
     * end split between breached and pending depends on where the watermark stood, which no
     * per-lead query knows; its view {@code sla_compliance_daily}, which completes the split at the
     * job's clock, is compared with {@code sla_compliance} instead ({@link #SLA_COMPLIANCE}).
     */
    static List<Aggregate> comparedByTable() {
        return java.util.Arrays.stream(Aggregate.values())
                .filter(a -> a != Aggregate.SLA_DAILY)
                .toList();
    }

    private static final String SLA_COLUMNS =
            "day, policy, owner, clocks, met, breached, left_scope, open, at_risk, compliance,"
                    + " contacted_late, breached_then_left_scope, breached_unresolved";

    /**
     * SLA compliance per day, policy and owner, from the per-lead views ({@code sla_compliance},
     * and {@code sla_outcomes} for how breaches ended) and from the job's table.
     */
    static final Map<String, String> SLA_COMPLIANCE =
            Map.of(
                    "per-lead",
                    "SELECT "
                            + SLA_COLUMNS
                            + " FROM sla_compliance ANY LEFT JOIN (SELECT toDate(started_at) AS"
                            + " day, policy, owner, toUInt64(countIf(resolution ="
                            + " 'contacted_late')) AS contacted_late, toUInt64(countIf(resolution"
                            + " = 'left_scope')) AS breached_then_left_scope,"
                            + " toUInt64(countIf(resolution = 'open')) AS breached_unresolved FROM"
                            + " sla_outcomes GROUP BY day, policy, owner) USING (day, policy,"
                            + " owner) ORDER BY day, policy, owner FORMAT TSV",
                    "table",
                    "SELECT "
                            + SLA_COLUMNS
                            + " FROM sla_compliance_daily ORDER BY day, policy, owner FORMAT TSV");

    /**
     * The at-risk clocks, from the view {@code sla_at_risk} (over the waiting clocks) and as {@code
     * sla_outcomes} finds them among all clocks, appended to the side's compliance text.
     */
    private static final Map<String, String> SLA_AT_RISK =
            Map.of(
                    "per-lead",
                    "SELECT policy, lead_id, owner, team, started_at, due_at FROM sla_outcomes"
                            + " WHERE at_risk = 1 ORDER BY policy, lead_id FORMAT TSV",
                    "table",
                    "SELECT policy, lead_id, owner, team, started_at, due_at FROM sla_at_risk"
                            + " ORDER BY policy, lead_id FORMAT TSV");

    static String slaCompliance(ClickHouseHttp ch, String side) {
        return ch.queryText(SLA_COMPLIANCE.get(side))
                + "at risk:\n"
                + ch.queryText(SLA_AT_RISK.get(side));
    }

    /** Whether every aggregate table equals its per-lead answer (for waiting on a flush). */
    static boolean allMatch(ClickHouseHttp ch) {
        for (Aggregate a : comparedByTable()) {
            if (!table(ch, a).equals(oracle(ch, a))) {
                return false;
            }
        }
        return slaCompliance(ch, "table").equals(slaCompliance(ch, "per-lead"));
    }

    /**
     * Asserts that every aggregate table equals its per-lead answer and is not empty, and that SLA
     * compliance from the job's table equals the per-lead views' (not empty when {@code
     * withSlaClocks}).
     */
    static void assertAllMatch(ClickHouseHttp ch, boolean withSlaClocks) {
        String perLead = slaCompliance(ch, "per-lead");
        if (withSlaClocks) {
            assertThat(ch.queryLong("SELECT count() FROM sla_compliance"))
                    .as("per-lead SLA compliance rows")
                    .isPositive();
        }
        assertThat(slaCompliance(ch, "table"))
                .as("sla_compliance_daily differs from sla_compliance")
                .isEqualTo(perLead);
        assertAllMatch(ch);
    }

    /**
     * Asserts that every aggregate table equals its per-lead answer, and is not empty (but for
     * calibration, which has rows only in runs with a scoring model: ScoringEndToEndIT checks it).
     */
    static void assertAllMatch(ClickHouseHttp ch) {
        for (Aggregate a : comparedByTable()) {
            Map<String, Long> expected = oracle(ch, a);
            if (a != Aggregate.SCORE_CALIBRATION) {
                assertThat(expected).as("per-lead answer for %s", a.table()).isNotEmpty();
            }
            Map<String, Long> actual = table(ch, a);
            Map<String, String> differences = new TreeMap<>();
            expected.forEach(
                    (k, v) -> {
                        if (!v.equals(actual.get(k))) {
                            differences.put(k, "per-lead " + v + ", table " + actual.get(k));
                        }
                    });
            actual.forEach(
                    (k, v) -> {
                        if (!expected.containsKey(k)) {
                            differences.put(k, "per-lead null, table " + v);
                        }
                    });
            assertThat(differences).as("%s differs from the per-lead answer", a.table()).isEmpty();
        }
    }
}
