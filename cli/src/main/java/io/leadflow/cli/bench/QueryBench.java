package io.leadflow.cli.bench;

import io.leadflow.cli.stack.LaunchContext;
import io.leadflow.cli.stack.LocalStack;
import io.leadflow.cli.stack.Progress;
import io.leadflow.generator.GeneratedHistory;
import io.leadflow.generator.GeneratorSettings;
import io.leadflow.generator.LeadHistoryGenerator;
import io.leadflow.jobs.aggregate.AggregateKey;
import io.leadflow.jobs.aggregate.AggregateRow;
import io.leadflow.jobs.aggregate.LeadContributions;
import io.leadflow.jobs.aggregate.Measures;
import io.leadflow.jobs.config.LeadflowConfig;
import io.leadflow.jobs.io.ClickHouseRowSinks;
import io.leadflow.jobs.io.ClickHouseTable;
import io.leadflow.jobs.lifecycle.EventOrder;
import io.leadflow.jobs.lifecycle.LeadLifecycle;
import io.leadflow.jobs.rows.EventClockRow;
import io.leadflow.jobs.rows.LeadStateRow;
import io.leadflow.jobs.rows.SlaClockRow;
import io.leadflow.jobs.rows.SlaPendingRow;
import io.leadflow.jobs.sla.AlertRules;
import io.leadflow.jobs.sla.SlaClock;
import io.leadflow.jobs.sla.SlaPolicy;
import io.leadflow.jobs.sla.SlaStanding;
import io.leadflow.schema.clickhouse.ClickHouseException;
import io.leadflow.schema.clickhouse.ClickHouseHttp;
import io.leadflow.schema.clickhouse.SchemaMigrator;
import io.leadflow.schema.event.LeadEvent;
import io.leadflow.schema.parse.EventParser;
import io.leadflow.schema.parse.ParseOutcome;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The dashboard-query benchmark of {@code ./leadflow bench --queries}: for each size, loads
 * generated leads into a fresh database (the per-lead layer, the aggregate tables and a raw events
 * table, all derived in-process with the job's own lifecycle and contributions, so loading does not
 * wait for a job), then answers each dashboard question from the aggregate tables, from the
 * per-lead views and, for cohort reach, with ClickHouse alone ({@code windowFunnel} over the raw
 * events), and prints the times, whether the answers are equal, and the ratios. Asserts nothing.
 */
public final class QueryBench {

    private static final int CHUNK = 25_000;
    private static final int RUNS = 5;

    /**
     * A dashboard question: its SQL over the aggregate tables, over the per-lead views, and over
     * raw events (or null). The answers compare equal when the questions agree.
     */
    record Question(String name, String aggregate, String perLead, String raw) {}

    static final String MQL_UP = "('MQL', 'SAL', 'SQL', 'OPPORTUNITY', 'WON')";
    static final String SQL_UP = "('SQL', 'OPPORTUNITY', 'WON')";

    static final List<Question> QUESTIONS =
            List.of(
                    new Question(
                            "funnel flow, last 30 days",
                            "SELECT stage, sum(entered) AS e, sum(exited) AS x FROM funnel_flow"
                                    + " FINAL WHERE day > addDays((SELECT day FROM job_clock), -30)"
                                    + " GROUP BY stage ORDER BY stage",
                            "SELECT stage, sum(entered) AS e, sum(exited) AS x FROM funnel_daily"
                                    + " WHERE day > addDays((SELECT day FROM job_clock), -30)"
                                    + " GROUP BY stage ORDER BY stage",
                            null),
                    new Question(
                            "cohort reach in 30/90 days by month",
                            "SELECT toStartOfMonth(cohort_day) AS m, stage, sumIf(members,"
                                    + " days_to_reach <= 30) AS r30, sumIf(members, days_to_reach <="
                                    + " 90) AS r90 FROM cohort_reach FINAL WHERE unit = 'lead' AND"
                                    + " stage IN ('MQL', 'SQL', 'WON') GROUP BY m, stage ORDER BY m,"
                                    + " stage",
                            "SELECT cohort_start AS m, stage, sum(reached_30d) AS r30,"
                                    + " sum(reached_90d) AS r90 FROM funnel_cohort WHERE grain ="
                                    + " 'month' AND stage IN ('MQL', 'SQL', 'WON') GROUP BY m, stage"
                                    + " ORDER BY m, stage",
                            "SELECT m, tupleElement(s, 1) AS stage, sum(l30 >= tupleElement(s, 2))"
                                    + " AS r30, sum(l90 >= tupleElement(s, 2)) AS r90 FROM (SELECT"
                                    + " toStartOfMonth(min(occurred_at)) AS m,"
                                    + " windowFunnel(2592000)(occurred_at, event_type ="
                                    + " 'lead.created', status IN "
                                    + MQL_UP
                                    + ", status IN "
                                    + SQL_UP
                                    + ", status = 'WON') AS l30, windowFunnel(7776000)(occurred_at,"
                                    + " event_type = 'lead.created', status IN "
                                    + MQL_UP
                                    + ", status IN "
                                    + SQL_UP
                                    + ", status = 'WON') AS l90 FROM raw_events GROUP BY lead_id)"
                                    + " ARRAY JOIN [('MQL', 2), ('SQL', 3), ('WON', 4)] AS s GROUP"
                                    + " BY m, stage ORDER BY m, stage"),
                    new Question(
                            "speed to lead by owner",
                            "SELECT owner, sum(leads) AS n, sum(contacted) AS c,"
                                    + " sum(contacted_within_24h) AS c24 FROM speed_to_lead_daily"
                                    + " FINAL GROUP BY owner ORDER BY owner",
                            "SELECT value AS owner, leads AS n, contacted AS c,"
                                    + " contacted_within_24h AS c24 FROM speed_to_lead WHERE"
                                    + " dimension = 'owner' ORDER BY owner",
                            null),
                    new Question(
                            "source metrics by month (first touch)",
                            "SELECT month, lead_source, sum(leads) AS n, sum(reached_mql) AS mql,"
                                    + " sum(reached_sql) AS sqls, sum(won) AS w FROM source_monthly"
                                    + " FINAL WHERE attribution = 'first_touch' GROUP BY month,"
                                    + " lead_source ORDER BY month, lead_source",
                            "SELECT month, lead_source, sum(leads) AS n, sum(reached_mql) AS mql,"
                                    + " sum(reached_sql) AS sqls, sum(won) AS w FROM source_metrics"
                                    + " WHERE attribution = 'first_touch' GROUP BY month,"
                                    + " lead_source HAVING n + mql + sqls + w > 0 ORDER BY month,"
                                    + " lead_source",
                            null),
                    new Question(
                            "stage velocity",
                            "SELECT stage, next_stage, sum(moves) AS n FROM"
                                    + " stage_velocity_monthly FINAL GROUP BY stage, next_stage"
                                    + " ORDER BY stage, next_stage",
                            "SELECT stage, next_stage, sum(moves) AS n FROM stage_velocity GROUP"
                                    + " BY stage, next_stage ORDER BY stage, next_stage",
                            null),
                    new Question(
                            "SLA compliance by owner, last 30 days",
                            "SELECT owner, sum(clocks) AS n, sum(met) AS m, sum(breached) AS b,"
                                    + " sum(open) AS o FROM sla_compliance_daily WHERE day >"
                                    + " addDays((SELECT day FROM job_clock), -30) GROUP BY owner"
                                    + " ORDER BY owner",
                            "SELECT owner, sum(clocks) AS n, sum(met) AS m, sum(breached) AS b,"
                                    + " sum(open) AS o FROM sla_compliance WHERE day >"
                                    + " addDays((SELECT day FROM job_clock), -30) GROUP BY owner"
                                    + " ORDER BY owner",
                            null),
                    new Question(
                            "SLA clocks at risk now",
                            "SELECT policy, lead_id, due_at FROM sla_at_risk ORDER BY policy,"
                                    + " lead_id",
                            "SELECT policy, lead_id, due_at FROM sla_outcomes WHERE at_risk = 1"
                                    + " ORDER BY policy, lead_id",
                            null));

    /**
     * The SLA policy the bench's leads are held to: first attempt within 15 minutes of becoming
     * MQL, warned at 80 %.
     */
    static final SlaPolicy SLA =
            AlertRules.parse(
                            "{\"policies\": [{\"name\": \"mql-15m\", \"start\":"
                                    + " \"became_mql\", \"stop\": \"first_attempt\","
                                    + " \"deadline\": \"15m\", \"warnAt\": 0.8}]}",
                            "bench")
                    .policies()
                    .get(0);

    /** The figures of one question at one size. */
    record Timing(
            String question, double aggregateMs, double perLeadMs, Double rawMs, String equal) {}

    public int run(LaunchContext context, List<Integer> sizes) throws Exception {
        LeadflowConfig config = context.config();
        Progress progress = new Progress();
        String run = UUID.randomUUID().toString().substring(0, 8);
        Path dataDir = context.dataDir().resolve("bench");
        Files.createDirectories(dataDir);
        LeadflowConfig benchConfig = BenchRun.isolated(config, "bench", run, dataDir);
        Map<Integer, List<Timing>> results = new LinkedHashMap<>();
        Map<Integer, long[]> sizesOnDisk = new LinkedHashMap<>();
        try (LocalStack stack = context.open(benchConfig, dataDir, false, progress)) {
            for (int leads : sizes) {
                String database = "bench_q_" + run + "_" + leads;
                ClickHouseHttp ch = stack.clickHouse().withDatabase(database);
                new SchemaMigrator(stack.clickHouse(), database).migrate();
                ch.execute(
                        "CREATE TABLE raw_events (lead_id String, event_type String, status"
                                + " String, occurred_at DateTime('UTC')) ENGINE = MergeTree ORDER"
                                + " BY (lead_id, occurred_at)");
                load(ch, leads, run, progress);
                ch.execute("OPTIMIZE TABLE lead_state FINAL");
                sizesOnDisk.put(
                        leads,
                        new long[] {
                            ch.queryLong(
                                    "SELECT sum(bytes) FROM system.parts WHERE active AND database"
                                            + " = currentDatabase() AND table = 'lead_state'"),
                            ch.queryLong(
                                    "SELECT sum(bytes) FROM system.parts WHERE active AND database"
                                            + " = currentDatabase() AND table IN ('funnel_flow',"
                                            + " 'cohort_reach', 'source_monthly',"
                                            + " 'speed_to_lead_daily', 'stage_velocity_monthly',"
                                            + " 'stage_open_daily', 'sla_daily', 'sla_pending')")
                        });
                List<Timing> timings = new ArrayList<>();
                for (Question q : QUESTIONS) {
                    progress.say(leads + " leads: " + q.name());
                    String aggregateAnswer = ch.queryText(q.aggregate() + " FORMAT TSV");
                    String perLeadAnswer = ch.queryText(q.perLead() + " FORMAT TSV");
                    String equal = aggregateAnswer.equals(perLeadAnswer) ? "equal" : "DIFFER";
                    Double raw = null;
                    if (q.raw() != null) {
                        String rawAnswer = ch.queryText(q.raw() + " FORMAT TSV");
                        equal +=
                                rawAnswer.equals(aggregateAnswer)
                                        ? ", windowFunnel equal"
                                        : ", windowFunnel differs in "
                                                + differingLines(aggregateAnswer, rawAnswer)
                                                + " of "
                                                + aggregateAnswer.lines().count()
                                                + " rows";
                        raw = best(ch, q.raw());
                    }
                    timings.add(
                            new Timing(
                                    q.name(),
                                    best(ch, q.aggregate()),
                                    best(ch, q.perLead()),
                                    raw,
                                    equal));
                }
                results.put(leads, timings);
                stack.clickHouse()
                        .execute("DROP DATABASE IF EXISTS " + ClickHouseHttp.identifier(database));
            }
        }
        print(results, sizesOnDisk);
        return results.values().stream()
                        .flatMap(List::stream)
                        .anyMatch(t -> t.equal().startsWith("DIFFER"))
                ? 1
                : 0;
    }

    private static long differingLines(String a, String b) {
        List<String> left = a.lines().toList();
        List<String> right = b.lines().toList();
        return left.stream().filter(l -> !right.contains(l)).count()
                + Math.max(0, right.size() - left.size());
    }

    /** The fastest of {@link #RUNS} runs, in milliseconds (the first warms the caches). */
    private static double best(ClickHouseHttp ch, String sql) {
        double best = Double.MAX_VALUE;
        for (int i = 0; i < RUNS; i++) {
            long start = System.nanoTime();
            ch.queryText(sql + " FORMAT Null");
            best = Math.min(best, (System.nanoTime() - start) / 1e6);
        }
        return best;
    }

    /** Generates and loads {@code leads} leads, chunk by chunk, with the job's own derivation. */
    static void load(ClickHouseHttp ch, int leads, String run, Progress progress)
            throws IOException {
        EventParser parser = new EventParser();
        Map<AggregateKey, Measures> totals = new HashMap<>();
        List<SlaClockRow> clocks = new ArrayList<>();
        long clock = Long.MIN_VALUE;
        for (int from = 0, chunk = 0; from < leads; from += CHUNK, chunk++) {
            int n = Math.min(CHUNK, leads - from);
            GeneratedHistory history =
                    new LeadHistoryGenerator(
                                    GeneratorSettings.defaults()
                                            .withSeed(1_000L + chunk)
                                            .withLeadCount(n)
                                            .withCampaignCosts(false)
                                            .withLeadIdPrefix("q" + run + "-" + chunk + "-"))
                            .generate();
            Map<String, List<LeadEvent>> byLead = new HashMap<>();
            List<LeadEvent> raw = new ArrayList<>();
            for (io.leadflow.generator.LeadEvent g : history.events()) {
                ParseOutcome outcome = parser.parse(g.toBytes());
                if (!outcome.isAccepted() || outcome.event().leadId() == null) {
                    continue;
                }
                LeadEvent e = outcome.event();
                byLead.computeIfAbsent(e.leadId(), k -> new ArrayList<>()).add(e);
                clock = Math.max(clock, e.occurredAtMillis());
                raw.add(e);
            }
            insert(ch, RAW_EVENTS, raw);
            List<LeadStateRow> rows = new ArrayList<>(byLead.size());
            for (Map.Entry<String, List<LeadEvent>> lead : byLead.entrySet()) {
                List<LeadEvent> events = lead.getValue();
                events.sort(EventOrder.COMPARATOR);
                LeadLifecycle.Derivation d = LeadLifecycle.derive(lead.getKey(), events);
                rows.add(
                        new LeadStateRow(
                                d.lead(),
                                d.transitions(),
                                d.rejections(),
                                d.lead().eventsApplied()));
                LeadContributions.of(d)
                        .forEach((k, m) -> totals.merge(k, m, (a, b) -> a.plus(b, 1)));
                SlaClock sla = SlaClock.of(SLA, d.lead(), d.transitions(), null);
                if (sla != null) {
                    clocks.add(sla.row(d.lead(), d.lead().eventsApplied()));
                }
            }
            insert(ch, ClickHouseRowSinks.LEAD_STATE, rows);
            progress.say(String.format("loaded %,d of %,d leads", from + n, leads));
        }
        insert(ch, ClickHouseRowSinks.SLA_CLOCKS, clocks);
        // Where the job's watermark stands at the end: the default out-of-orderness behind the
        // newest event. Every clock waited in sla_pending once (the job sees a clock start before
        // its end), so the ones with an outcome leave a row there too, as in a real run.
        long watermark = clock - Duration.ofMinutes(5).toMillis() - 1;
        List<SlaPendingRow> pending = new ArrayList<>(clocks.size());
        for (SlaClockRow c : clocks) {
            SlaStanding standing = SlaStanding.of(c, watermark, 1);
            standing.contributions().forEach((k, m) -> totals.merge(k, m, (a, b) -> a.plus(b, 1)));
            pending.add(standing.pendingRow(standing.pending(), 1));
        }
        insert(ch, ClickHouseRowSinks.SLA_PENDING, pending);
        List<AggregateRow> aggregates = new ArrayList<>();
        totals.forEach((k, m) -> aggregates.add(new AggregateRow(k, m, 1)));
        for (ClickHouseTable<AggregateRow> table : ClickHouseRowSinks.AGGREGATE_TABLES) {
            insert(
                    ch,
                    table,
                    aggregates.stream()
                            .filter(r -> r.key().aggregate().table().equals(table.name()))
                            .toList());
        }
        insert(ch, ClickHouseRowSinks.EVENT_CLOCK, List.of(new EventClockRow("bench", clock)));
    }

    /** What an analyst's raw events table holds: who, what, which status, when. */
    static final ClickHouseTable<LeadEvent> RAW_EVENTS =
            ClickHouseTable.<LeadEvent>named("raw_events")
                    .string("lead_id", LeadEvent::leadId)
                    .string("event_type", e -> e.type().wireName())
                    .string("status", QueryBench::statusOf)
                    .dateTime("occurred_at", LeadEvent::occurredAtMillis)
                    .build();

    /** The status an event moves the lead to, for the raw events table ('' for none). */
    private static String statusOf(LeadEvent e) {
        if (e.created() != null) {
            return e.created().effectiveInitialStatus().name();
        }
        if (e.statusChange() != null) {
            return e.statusChange().status().name();
        }
        if (e.opportunity() != null && e.opportunity().impliedStatus() != null) {
            return e.opportunity().impliedStatus().name();
        }
        return "";
    }

    private static <T> void insert(ClickHouseHttp ch, ClickHouseTable<T> table, List<T> rows)
            throws IOException {
        if (rows.isEmpty()) {
            return;
        }
        byte[] body = table.jsonEachRow(rows);
        // A pooled connection the server closed while the next chunk was generated fails at
        // once; the rows are idempotent (keys and versions), so the insert is simply repeated.
        for (int attempt = 1; ; attempt++) {
            try {
                ch.insert(table.name(), table.columnNames(), body);
                return;
            } catch (ClickHouseException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    private static void print(Map<Integer, List<Timing>> results, Map<Integer, long[]> disk) {
        System.out.println();
        System.out.println("leadflow bench --queries");
        System.out.println("machine     " + Machine.describe());
        System.out.println(
                "method      best of "
                        + RUNS
                        + " runs per query, ClickHouse "
                        + "over HTTP from this JVM; aggregate = the tables the job keeps,"
                        + " per-lead = the views over lead_state FINAL, windowFunnel = ClickHouse"
                        + " alone over a raw events table");
        for (Map.Entry<Integer, List<Timing>> size : results.entrySet()) {
            long[] bytes = disk.get(size.getKey());
            System.out.printf(
                    "%n%,d leads (lead_state %,.0f MiB on disk, all aggregate tables %,.2f MiB)%n",
                    size.getKey(), bytes[0] / 1048576.0, bytes[1] / 1048576.0);
            System.out.printf(
                    "  %-40s %12s %12s %12s %10s  %s%n",
                    "question", "aggregate", "per-lead", "windowFunnel", "per-lead/agg", "answers");
            for (Timing t : size.getValue()) {
                System.out.printf(
                        "  %-40s %9.1f ms %9.1f ms %12s %9.0fx  %s%n",
                        t.question(),
                        t.aggregateMs(),
                        t.perLeadMs(),
                        t.rawMs() == null ? "-" : String.format("%.1f ms", t.rawMs()),
                        t.perLeadMs() / Math.max(t.aggregateMs(), 0.001),
                        t.equal());
            }
        }
        System.out.println();
    }
}
