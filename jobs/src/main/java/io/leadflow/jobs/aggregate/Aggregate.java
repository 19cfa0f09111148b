package io.leadflow.jobs.aggregate;

import java.util.List;

/**
 * The aggregate tables the job maintains, each with its key (dimension columns), its counters and
 * its duration histograms: the one definition from which the table's rows, its ClickHouse columns
 * and the tests' column lists are derived (the migration must agree; a test compares with {@code
 * DESCRIBE TABLE}). Every counter is an exact sum of what the leads (or SLA clocks) currently
 * contribute; a histogram is a sum of bucket counts of {@link DurationHistogram}.
 */
public enum Aggregate {
    /** Flow per day x source x campaign x segment x stage: entries and the kinds of exit. */
    FUNNEL_FLOW(
            "funnel_flow",
            List.of(
                    Dimension.date("day"),
                    Dimension.string("lead_source"),
                    Dimension.string("campaign"),
                    Dimension.string("segment"),
                    Dimension.string("stage")),
            List.of(
                    "entered",
                    "entered_implied",
                    "exited",
                    "advanced",
                    "moved_back",
                    "lost",
                    "disqualified",
                    "nurtured",
                    "recycled",
                    "reentered"),
            List.of()),
    /** Cohort reach per unit x cohort day x source x campaign x stage x days to reach. */
    COHORT_REACH(
            "cohort_reach",
            List.of(
                    Dimension.string("unit"),
                    Dimension.date("cohort_day"),
                    Dimension.string("lead_source"),
                    Dimension.string("campaign"),
                    Dimension.string("stage"),
                    Dimension.uint32("days_to_reach")),
            List.of("members"),
            List.of()),
    /** Source metrics per month x attribution x source x campaign x currency. */
    SOURCE_METRICS(
            "source_monthly",
            List.of(
                    Dimension.date("month"),
                    Dimension.string("attribution"),
                    Dimension.string("lead_source"),
                    Dimension.string("campaign"),
                    Dimension.string("currency")),
            List.of(
                    "leads",
                    "reached_mql",
                    "reached_sql",
                    "opportunities",
                    "won",
                    "pipeline_amount_milli",
                    "won_amount_milli"),
            List.of()),
    /** Speed to lead per day x source x owner x team x channel x hour of the response clock. */
    SPEED_TO_LEAD(
            "speed_to_lead_daily",
            List.of(
                    Dimension.date("day"),
                    Dimension.string("lead_source"),
                    Dimension.string("owner"),
                    Dimension.string("team"),
                    Dimension.string("channel"),
                    Dimension.uint8("hour")),
            List.of(
                    "leads",
                    "contacted",
                    "contacted_within_5m",
                    "contacted_within_1h",
                    "contacted_within_24h",
                    "connected",
                    "qualified",
                    "qualified_contacted",
                    "attempts_to_connect_sum"),
            List.of("wait", "from_qualified", "connect")),
    /** Completed stays per month left x source x stage x next stage. */
    STAGE_VELOCITY(
            "stage_velocity_monthly",
            List.of(
                    Dimension.date("month"),
                    Dimension.string("lead_source"),
                    Dimension.string("stage"),
                    Dimension.string("next_stage")),
            List.of("moves", "seconds_sum"),
            List.of("seconds")),
    /** Stays still open, per day entered x source x stage. */
    STAGE_OPEN(
            "stage_open_daily",
            List.of(
                    Dimension.date("day"),
                    Dimension.string("lead_source"),
                    Dimension.string("stage")),
            List.of("leads"),
            List.of()),
    /**
     * SLA clocks per UTC day started x policy x owner, by what the stream can decide of them; the
     * view {@code sla_compliance_daily} adds the pending clocks' split at the job's clock.
     */
    SLA_DAILY(
            "sla_daily",
            List.of(Dimension.date("day"), Dimension.string("policy"), Dimension.string("owner")),
            List.of(
                    "clocks",
                    "met",
                    "left_scope",
                    "breached_contacted_late",
                    "breached_left_scope",
                    "breached_unresolved",
                    "pending"),
            List.of()),
    /**
     * Calibration per scoring model version x lead cohort month x score band: how many created
     * leads each version puts in a band (by their calibration score), and how many of them reached
     * SQL and were won.
     */
    SCORE_CALIBRATION(
            "score_calibration_monthly",
            List.of(
                    Dimension.string("model_version"),
                    Dimension.date("cohort_month"),
                    Dimension.int32("band_from")),
            List.of("leads", "reached_sql", "won"),
            List.of());

    /**
     * A key column: its name and ClickHouse type. Values travel as text: a date as {@code
     * YYYY-MM-DD}, a number in decimal.
     */
    public record Dimension(String name, String type) {
        static Dimension string(String name) {
            return new Dimension(name, "String");
        }

        static Dimension date(String name) {
            return new Dimension(name, "Date");
        }

        static Dimension uint8(String name) {
            return new Dimension(name, "UInt8");
        }

        static Dimension uint32(String name) {
            return new Dimension(name, "UInt32");
        }

        static Dimension int32(String name) {
            return new Dimension(name, "Int32");
        }

        /** Whether values are written as JSON numbers rather than strings. */
        public boolean numeric() {
            return type.startsWith("UInt") || type.startsWith("Int");
        }
    }

    private final String table;
    private final List<Dimension> dimensions;
    private final List<String> counters;
    private final List<String> histograms;

    Aggregate(
            String table,
            List<Dimension> dimensions,
            List<String> counters,
            List<String> histograms) {
        this.table = table;
        this.dimensions = dimensions;
        this.counters = counters;
        this.histograms = histograms;
    }

    /** The ClickHouse table. */
    public String table() {
        return table;
    }

    public List<Dimension> dimensions() {
        return dimensions;
    }

    public List<String> counters() {
        return counters;
    }

    public List<String> histograms() {
        return histograms;
    }

    /** Whether a counter is a sum of amounts or seconds (signed) rather than a count. */
    public static boolean isSum(String counter) {
        return counter.endsWith("_sum") || counter.endsWith("_milli");
    }

    /** The index of counter {@code name}. */
    public int counter(String name) {
        int at = counters.indexOf(name);
        if (at < 0) {
            throw new IllegalArgumentException(table + " has no counter " + name);
        }
        return at;
    }

    /** The index of histogram {@code name}. */
    public int histogram(String name) {
        int at = histograms.indexOf(name);
        if (at < 0) {
            throw new IllegalArgumentException(table + " has no histogram " + name);
        }
        return at;
    }
}
