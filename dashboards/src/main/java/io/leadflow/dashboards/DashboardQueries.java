package io.leadflow.dashboards;

import io.leadflow.schema.clickhouse.ClickHouseHttp;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs a dashboard's queries as the read-only user: the panels' SQL for validated filters, the
 * variables' option lists (cached for a few seconds, as they are the whitelist every request is
 * checked against), and the job's event clock, which ends the default range.
 */
public final class DashboardQueries {

    /** How long the variables' options and the clock day are reused: a refresh's worth. */
    private static final Duration OPTIONS_FRESH_FOR = Duration.ofSeconds(5);

    private final ClickHouseHttp reader;
    private final GrafanaDashboard dashboard;
    private final Map<String, Cached> options = new ConcurrentHashMap<>();

    private record Cached(long atNanos, Set<String> values) {}

    private record Clock(long atNanos, LocalDate day) {}

    private volatile Clock clock;

    public DashboardQueries(ClickHouseHttp reader, GrafanaDashboard dashboard) {
        this.reader = reader;
        this.dashboard = dashboard;
    }

    public GrafanaDashboard dashboard() {
        return dashboard;
    }

    /** The values a variable offers now. */
    public Set<String> offered(Variable v) {
        if (v.optionsQuery().isEmpty()) {
            return new LinkedHashSet<>(v.fixedOptions());
        }
        Cached c = options.get(v.name());
        if (c == null || System.nanoTime() - c.atNanos() > OPTIONS_FRESH_FOR.toNanos()) {
            Set<String> values = new LinkedHashSet<>();
            for (JsonNode row : reader.query(v.optionsQuery().get())) {
                values.add(row.elements().next().asText());
            }
            c = new Cached(System.nanoTime(), Set.copyOf(values));
            options.put(v.name(), c);
            return values;
        }
        return c.values();
    }

    /**
     * The UTC day of the newest event the job has seen, read at most every few seconds (every panel
     * request needs it for its default range); today's date while it has seen none.
     */
    public LocalDate clockDay() {
        Clock c = clock;
        if (c == null || System.nanoTime() - c.atNanos() > OPTIONS_FRESH_FOR.toNanos()) {
            List<JsonNode> rows = reader.query("SELECT toString(day) AS day FROM job_clock");
            LocalDate day = rows.isEmpty() ? null : parseDay(rows.get(0).get("day").asText());
            // An empty event_clock reads as the epoch (0000-00-00 on 18.16): no event yet.
            c =
                    new Clock(
                            System.nanoTime(),
                            day == null || day.getYear() < 2000
                                    ? LocalDate.now(ZoneOffset.UTC)
                                    : day);
            clock = c;
        }
        return c.day();
    }

    private static LocalDate parseDay(String text) {
        try {
            return LocalDate.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    /** Validates request parameters against the dashboard's variables and their options now. */
    public DashboardFilters filters(Map<String, List<String>> params) {
        return DashboardFilters.parse(params, dashboard.variables(), this::offered, clockDay());
    }

    /** The rows of a panel's query for the filters. */
    public List<JsonNode> rows(Panel panel, DashboardFilters filters) {
        return reader.query(PanelSql.expand(panel.sql(), filters));
    }
}
