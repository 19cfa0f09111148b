package io.leadflow.schema.clickhouse;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Keeps the {@code conversion_windows} table equal to the configured windows, so the {@code
 * funnel_cohort_windows} view reports exactly them. Windows that were removed from the setting are
 * marked inactive rather than deleted: ClickHouse 18.16 has no cheap delete, and a newer version of
 * the same key replaces the old row.
 */
public final class ConversionWindowsTable {

    private final ClickHouseHttp db;

    /**
     * @param db a client for the leadflow database, with a user that may write
     */
    public ConversionWindowsTable(ClickHouseHttp db) {
        this.db = db;
    }

    /** The windows the view reports now, ascending. */
    public List<Integer> active() {
        List<Integer> days = new ArrayList<>();
        for (JsonNode row :
                db.query(
                        "SELECT days FROM conversion_windows FINAL WHERE active = 1 ORDER BY days")) {
            days.add(row.get("days").asInt());
        }
        return days;
    }

    /**
     * Makes {@code days} the active windows; writes nothing when they already are.
     *
     * @return whether anything changed
     */
    public boolean sync(List<Integer> days) {
        Set<Integer> wanted = new TreeSet<>(days);
        List<Integer> current = active();
        if (new ArrayList<>(wanted).equals(current)) {
            return false;
        }
        long version = System.currentTimeMillis();
        List<String> rows = new ArrayList<>();
        for (int day : wanted) {
            rows.add("(" + day + ", 1, " + version + ")");
        }
        for (int day : current) {
            if (!wanted.contains(day)) {
                rows.add("(" + day + ", 0, " + version + ")");
            }
        }
        db.execute(
                "INSERT INTO conversion_windows (days, active, version) VALUES "
                        + String.join(", ", rows));
        return true;
    }
}
