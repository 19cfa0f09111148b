package io.leadflow.cli.replay;

import io.leadflow.schema.clickhouse.ClickHouseHttp;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How well one scoring model version ranks leads, as leadflow computed it: its calibration by
 * 10-point score band over every cohort ({@code score_calibration}), and its AUC and top-decile
 * lift for conversion to SQL and to won ({@code score_auc}), read back for a replay's summary.
 *
 * @param version the model version
 * @param bands the bands, lowest first
 * @param measures one per outcome: {@code sql}, {@code won}
 */
public record ScoreCalibration(String version, List<Band> bands, List<Measure> measures) {

    /** One score band: its leads, how many reached SQL and were won. */
    public record Band(int from, int to, long leads, long reachedSql, long won) {}

    /** AUC and top-decile lift for one outcome; null where undefined. */
    public record Measure(String outcome, long leads, long converted, Double auc, Double lift) {}

    public static ScoreCalibration query(ClickHouseHttp clickHouse, String version) {
        String v = ClickHouseHttp.quote(version);
        List<Band> bands = new ArrayList<>();
        for (JsonNode row :
                clickHouse.query(
                        "SELECT band_from, any(band_to) AS band_to, sum(leads) AS leads,"
                                + " sum(reached_sql) AS reached_sql, sum(won) AS won"
                                + " FROM score_calibration WHERE model_version = "
                                + v
                                + " GROUP BY band_from ORDER BY band_from")) {
            bands.add(
                    new Band(
                            row.get("band_from").asInt(),
                            row.get("band_to").asInt(),
                            row.get("leads").asLong(),
                            row.get("reached_sql").asLong(),
                            row.get("won").asLong()));
        }
        List<Measure> measures = new ArrayList<>();
        for (JsonNode row :
                clickHouse.query(
                        "SELECT outcome, leads, converted, auc, top_decile_lift FROM score_auc"
                                + " WHERE model_version = "
                                + v
                                + " ORDER BY outcome")) {
            measures.add(
                    new Measure(
                            row.get("outcome").asText(),
                            row.get("leads").asLong(),
                            row.get("converted").asLong(),
                            nullable(row.get("auc")),
                            nullable(row.get("top_decile_lift"))));
        }
        return new ScoreCalibration(version, List.copyOf(bands), List.copyOf(measures));
    }

    private static Double nullable(JsonNode value) {
        return value == null || value.isNull() ? null : value.asDouble();
    }

    /** The table and the measures, as the replay prints them. */
    public String format() {
        StringBuilder out = new StringBuilder();
        out.append(
                String.format(
                        Locale.ROOT,
                        "%-10s %7s %12s %8s %7s %8s%n",
                        "score",
                        "leads",
                        "reached SQL",
                        "rate",
                        "won",
                        "rate"));
        for (Band b : bands) {
            out.append(
                    String.format(
                            Locale.ROOT,
                            "%-10s %7d %12d %7.1f %% %7d %6.1f %%%n",
                            b.from() + ".." + b.to(),
                            b.leads(),
                            b.reachedSql(),
                            100.0 * b.reachedSql() / b.leads(),
                            b.won(),
                            100.0 * b.won() / b.leads()));
        }
        for (Measure m : measures) {
            out.append(
                    String.format(
                            Locale.ROOT,
                            "%-10s AUC %s, top-decile lift %s (%d of %d leads converted)%n",
                            "to " + m.outcome(),
                            m.auc() == null ? "n/a" : String.format(Locale.ROOT, "%.3f", m.auc()),
                            m.lift() == null ? "n/a" : String.format(Locale.ROOT, "%.2f", m.lift()),
                            m.converted(),
                            m.leads()));
        }
        return out.toString();
    }
}
