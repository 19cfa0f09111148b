package io.leadflow.cli.replay;

import io.leadflow.schema.clickhouse.ClickHouseHttp;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Locale;

/**
 * Leads and won leads per lead source, as leadflow computed them: read back from {@code lead_state
 * FINAL} for the leads one system emitted (its {@code source}, e.g. {@code import:olist}), so other
 * traffic in the same database does not blur the numbers.
 *
 * @param rows one row per lead source, most leads first
 */
public record ConversionBySource(List<Row> rows) {

    /** One lead source: how many leads it brought and how many of them are WON now. */
    public record Row(String leadSource, long leads, long won) {

        public double conversionPercent() {
            return leads == 0 ? 0 : 100.0 * won / leads;
        }
    }

    /** The query, for people who want to run it themselves. */
    public static String sql(String database, String source) {
        return "SELECT lead_source, count() AS leads, countIf(status = 'WON') AS won\n"
                + "FROM "
                + ClickHouseHttp.identifier(database)
                + ".lead_state FINAL\n"
                + "WHERE source = "
                + ClickHouseHttp.quote(source)
                + "\n"
                + "GROUP BY lead_source ORDER BY leads DESC, lead_source";
    }

    public static ConversionBySource query(ClickHouseHttp clickHouse, String source) {
        List<JsonNode> result = clickHouse.query(sql(clickHouse.database(), source));
        return new ConversionBySource(
                result.stream()
                        .map(
                                r ->
                                        new Row(
                                                r.get("lead_source").asText(),
                                                r.get("leads").asLong(),
                                                r.get("won").asLong()))
                        .toList());
    }

    public long leads() {
        return rows.stream().mapToLong(Row::leads).sum();
    }

    public long won() {
        return rows.stream().mapToLong(Row::won).sum();
    }

    /** How the table shows a lead source that is empty (none was given). */
    public static final String NO_SOURCE = "(none)";

    /**
     * A plain-text table: lead source, leads, won, conversion %, and a total line. An empty lead
     * source is shown as {@value #NO_SOURCE}, so its row has a name.
     */
    public String format() {
        int width =
                Math.max(
                        "lead_source".length(),
                        rows.stream().mapToInt(r -> label(r).length()).max().orElse(0));
        String line = "%-" + width + "s  %6s  %5s  %10s%n";
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, line, "lead_source", "leads", "won", "conversion"));
        for (Row row : rows) {
            out.append(
                    String.format(
                            Locale.ROOT,
                            line,
                            label(row),
                            row.leads(),
                            row.won(),
                            String.format(Locale.ROOT, "%.1f %%", row.conversionPercent())));
        }
        Row total = new Row("total", leads(), won());
        out.append(
                String.format(
                        Locale.ROOT,
                        line,
                        total.leadSource(),
                        total.leads(),
                        total.won(),
                        String.format(Locale.ROOT, "%.1f %%", total.conversionPercent())));
        return out.toString();
    }

    private static String label(Row row) {
        return row.leadSource().isEmpty() ? NO_SOURCE : row.leadSource();
    }
}
