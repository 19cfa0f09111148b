package io.leadflow.cli.replay;

import io.leadflow.schema.clickhouse.ClickHouseHttp;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * How far the leads one system emitted (its {@code source}, e.g. {@code import:x-education}) got,
 * as leadflow computed it: read back from {@code lead_state FINAL}, a lead counting as having
 * reached a stage when its transition history enters it (implied transitions included, so a lead
 * that skipped a stage still counts), and as won when its current status is WON.
 *
 * @param leads leads with that source
 * @param reachedSql leads that ever entered SQL
 * @param reachedOpportunity leads that ever entered OPPORTUNITY
 * @param won leads whose status is WON now
 */
public record FunnelReach(long leads, long reachedSql, long reachedOpportunity, long won) {

    /** The query, for people who want to run it themselves. */
    public static String sql(String database, String source) {
        return "SELECT count() AS leads,"
                + " countIf(has(transition_to_status, 'SQL')) AS reached_sql,\n"
                + "countIf(has(transition_to_status, 'OPPORTUNITY')) AS reached_opportunity,"
                + " countIf(status = 'WON') AS won\n"
                + "FROM "
                + ClickHouseHttp.identifier(database)
                + ".lead_state FINAL\n"
                + "WHERE source = "
                + ClickHouseHttp.quote(source);
    }

    public static FunnelReach query(ClickHouseHttp clickHouse, String source) {
        List<JsonNode> result = clickHouse.query(sql(clickHouse.database(), source));
        if (result.isEmpty()) {
            return new FunnelReach(0, 0, 0, 0);
        }
        JsonNode row = result.get(0);
        return new FunnelReach(
                row.get("leads").asLong(),
                row.get("reached_sql").asLong(),
                row.get("reached_opportunity").asLong(),
                row.get("won").asLong());
    }

    /** Won leads as a percentage of all leads, 0 when there are none. */
    public double wonPercent() {
        return leads == 0 ? 0 : 100.0 * won / leads;
    }
}
