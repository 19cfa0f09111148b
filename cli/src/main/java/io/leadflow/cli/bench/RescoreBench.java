package io.leadflow.cli.bench;

import io.leadflow.cli.stack.LaunchContext;
import io.leadflow.cli.stack.LocalStack;
import io.leadflow.cli.stack.Progress;
import io.leadflow.generator.FeedProgress;
import io.leadflow.generator.GeneratorFeed;
import io.leadflow.generator.KafkaRecord;
import io.leadflow.generator.LeadEvent;
import io.leadflow.generator.TopicRouting;
import io.leadflow.jobs.LeadflowJob;
import io.leadflow.jobs.config.LeadflowConfig;
import io.leadflow.jobs.scoring.ScoringModelException;
import io.leadflow.jobs.scoring.ScoringRegistry;
import io.leadflow.schema.clickhouse.ClickHouseHttp;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code ./leadflow bench --rescore [--leads N]}: how long a model change takes to reach every
 * lead. N minimal leads (1,000,000 by default: a {@code lead.created} with firmographics, a pricing
 * page view and an e-mail click each, over the last 30 days) are scored by the job running
 * unbounded with the example model; then a shadow version of it, with one rule's points changed, is
 * published on the config topic, the scoring operator rescores every lead from keyed state, and the
 * bench polls {@code lead_score_current} every 200 ms until all N leads are queryable under the new
 * version. The figure is wall time from the publish, which includes waiting for a checkpoint: score
 * rows are written when their checkpoint completes. Prints figures; asserts nothing; fails only
 * when the rescore does not complete within ten minutes.
 */
public final class RescoreBench {

    /** The model the job starts with, under {@code $LEADFLOW_HOME/jobs}, unless one is set. */
    static final String EXAMPLE_MODEL = "scoring-model.example.json";

    /** The most leads one run generates (three events each, in one array). */
    public static final int MAX_LEADS = 100_000_000;

    /** Events per generated lead. */
    static final int EVENTS_PER_LEAD = 3;

    /**
     * Heap a lead takes in the job's heap state with scoring on, about: 1,000,000 bench leads left
     * some 4.5 GB live after full collections, and the rescore adds its rows on top.
     */
    private static final long HEAP_PER_LEAD = 5_000;

    private static final Duration RESCORE_TIMEOUT = Duration.ofMinutes(10);
    private static final long POLL_MILLIS = 200;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    /**
     * @param leads how many leads are generated, scored, then rescored
     * @return 0, 1 when the leads are not all scored or rescored in time, 2 without a model
     */
    public int run(LaunchContext context, int leads) throws Exception {
        Progress progress = new Progress();
        String run = java.util.UUID.randomUUID().toString().substring(0, 8);
        Path dataDir = context.dataDir().resolve("bench");
        Files.createDirectories(dataDir);
        Path checkpoints = dataDir.resolve("checkpoints-" + run);
        LeadflowConfig isolated = BenchRun.isolated(context.config(), "rescore", run, dataDir);
        // A config topic of its own: the shadow published here must reach no other job.
        isolated =
                isolated.withKafka(
                        isolated.kafka()
                                .withTopics(
                                        isolated.kafka().leadsTopic(),
                                        isolated.kafka().activitiesTopic(),
                                        isolated.kafka().dlqTopic(),
                                        "rescore-config-" + run,
                                        isolated.kafka().alertsTopic()));
        LeadflowConfig benchConfig = context.withExampleScoring(isolated, EXAMPLE_MODEL);
        if (!benchConfig.scoring().on()) {
            System.err.println(
                    "leadflow bench --rescore: no scoring model: jobs/"
                            + EXAMPLE_MODEL
                            + " is not there and scoring.model-file is not set");
            return 2;
        }
        ScoringRegistry initial = benchConfig.scoring().initial();
        String v1 = initial.active();
        Shadow shadow = shadowOf(initial.modelTexts().get(v1));
        String command =
                "{\"scoring\": {\"publish\": " + shadow.modelText() + ", \"as\": \"shadow\"}}";
        try {
            initial.apply(command, "bench");
        } catch (ScoringModelException e) {
            System.err.println("leadflow bench --rescore: the shadow model is refused: " + e);
            return 2;
        }

        TopicRouting routing = BenchRun.routing("rescore", run);
        int exit;
        try (LocalStack stack = context.open(benchConfig, dataDir, true, progress)) {
            LeadflowConfig effective = stack.config();
            ClickHouseHttp ch = stack.clickHouse();
            MinimalLeads input =
                    new MinimalLeads(
                            leads,
                            "rescore-" + run + "-",
                            routing,
                            Instant.now().truncatedTo(ChronoUnit.SECONDS));
            progress.say(
                    String.format(
                            "producing %,d leads (%,d events: lead.created, a /pricing page view"
                                    + " and an email click each, over the last 30 days)",
                            leads, input.size()));
            FeedProgress produced;
            try (GeneratorFeed feed = new GeneratorFeed(effective.kafka().bootstrap())) {
                produced = feed.send(input, 0);
            }

            long heapNeeded = HEAP_PER_LEAD * leads + (1L << 30);
            if ("hashmap".equals(effective.job().stateBackend().text())
                    && Runtime.getRuntime().maxMemory() < heapNeeded) {
                progress.say(
                        String.format(
                                "warning: the heap (%.1f GiB) is likely too small for %,d leads in"
                                        + " heap state: they need about %.1f GiB (5 KB a lead,"
                                        + " scoring on); with less the job crawls through full"
                                        + " garbage collections. Set LEADFLOW_JAVA_OPTS=-Xmx%dg.",
                                Runtime.getRuntime().maxMemory() / (double) (1L << 30),
                                leads,
                                heapNeeded / (double) (1L << 30),
                                (heapNeeded >> 30) + 2));
            }
            progress.say("starting the job (unbounded) with scoring model " + v1);
            long jobStart = System.nanoTime();
            StreamExecutionEnvironment env = BenchRun.localEnv(effective);
            LeadflowJob.build(env, effective, false);
            JobClient job = env.executeAsync("rescore-bench");
            try {
                exit =
                        measure(
                                new Run(
                                        effective,
                                        ch,
                                        job,
                                        checkpoints,
                                        leads,
                                        input,
                                        produced,
                                        v1,
                                        shadow,
                                        command,
                                        jobStart,
                                        progress));
            } finally {
                job.cancel().get(30, TimeUnit.SECONDS);
            }
            if (exit == 0) {
                ch.withDatabase(null)
                        .execute(
                                "DROP DATABASE IF EXISTS "
                                        + ClickHouseHttp.identifier(ch.database()));
                deleteTopics(effective, progress);
            }
        }
        deleteTree(checkpoints);
        return exit;
    }

    private record Run(
            LeadflowConfig config,
            ClickHouseHttp ch,
            JobClient job,
            Path checkpoints,
            int leads,
            MinimalLeads input,
            FeedProgress produced,
            String v1,
            Shadow shadow,
            String command,
            long jobStartNanos,
            Progress progress) {}

    private static int measure(Run r) throws Exception {
        ClickHouseHttp ch = r.ch();
        long events = (long) r.leads() * EVENTS_PER_LEAD;
        Duration checkpointInterval = r.config().job().checkpointInterval();

        // 1. Every lead in and scored under the model the job started with.
        long ingestTimeout =
                TimeUnit.SECONDS.toNanos(Math.max(600, events / 1_000))
                        + checkpointInterval.toNanos();
        long lastReport = System.nanoTime();
        long scored = 0;
        long v1Rows = 0;
        double scoredSeconds = -1;
        long sampledRows = -1;
        long sampledAt = -1;
        while (true) {
            if (System.nanoTime() - r.jobStartNanos() > ingestTimeout) {
                System.out.printf(
                        "leadflow bench --rescore: the leads were not all scored under %s within"
                                + " %d s: %,d of %,d leads, %,d score rows%n",
                        r.v1(),
                        TimeUnit.NANOSECONDS.toSeconds(ingestTimeout),
                        scored,
                        r.leads(),
                        v1Rows);
                return 1;
            }
            if (failed(r.job())) {
                System.out.println("leadflow bench --rescore: the job stopped");
                return 1;
            }
            Thread.sleep(2_000);
            scored = leadsUnder(ch, r.v1());
            v1Rows = rowsUnder(ch, r.v1());
            long checkpoint = latestCheckpointId(r.checkpoints());
            if (scored >= r.leads()) {
                if (scoredSeconds < 0) {
                    scoredSeconds = (System.nanoTime() - r.jobStartNanos()) / 1e9;
                    r.progress()
                            .say(
                                    String.format(
                                            "%,d leads scored under %s after %.1f s; waiting"
                                                    + " until a checkpoint adds no score row",
                                            r.leads(), r.v1(), scoredSeconds));
                }
                // Done when no row came in while two more checkpoints completed: the job has
                // applied every event, and the newest checkpoint holds all of the leads' state.
                if (sampledAt < 0 || v1Rows != sampledRows) {
                    sampledRows = v1Rows;
                    sampledAt = checkpoint;
                } else if (checkpoint >= sampledAt + 2) {
                    break;
                }
            }
            if (System.nanoTime() - lastReport > TimeUnit.SECONDS.toNanos(10)) {
                r.progress()
                        .say(
                                String.format(
                                        "leads scored under %s: %,d of %,d (%,d score rows)",
                                        r.v1(), scored, r.leads(), v1Rows));
                lastReport = System.nanoTime();
            }
        }
        Checkpoint steady = latestCheckpoint(r.checkpoints());

        // 2. The model change, and every lead queryable under it.
        String v2 = r.shadow().version();
        Checkpoint atPublish = latestCheckpoint(r.checkpoints());
        long checkpointAtPublish = atPublish == null ? -1 : atPublish.id();
        long publishedAt = System.currentTimeMillis();
        long publishNanos = System.nanoTime();
        RescoreSampler sampler = new RescoreSampler(publishNanos);
        sampler.start();
        try (GeneratorFeed feed = new GeneratorFeed(r.config().kafka().bootstrap())) {
            feed.send(
                    List.of(
                            new KafkaRecord(
                                    r.config().kafka().configTopic(),
                                    "scoring",
                                    r.command().getBytes(StandardCharsets.UTF_8))),
                    0,
                    p -> {});
        }
        double ackedSeconds = (System.nanoTime() - publishNanos) / 1e9;
        r.progress()
                .say(
                        "published "
                                + v2
                                + " as shadow ("
                                + r.shadow().change()
                                + "); polling lead_score_current every "
                                + POLL_MILLIS
                                + " ms");
        List<String> checkpointsAfter = new ArrayList<>();
        long lastCheckpoint = checkpointAtPublish;
        double firstSeen = -1;
        double done = -1;
        long visible = 0;
        lastReport = System.nanoTime();
        while (System.nanoTime() - publishNanos < RESCORE_TIMEOUT.toNanos()) {
            visible = leadsUnder(ch, v2);
            double at = (System.nanoTime() - publishNanos) / 1e9;
            long id = latestCheckpointId(r.checkpoints());
            if (id > lastCheckpoint) {
                checkpointsAfter.add(String.format("+%.1f s (chk %d)", at, id));
                lastCheckpoint = id;
            }
            if (visible > 0 && firstSeen < 0) {
                firstSeen = at;
            }
            if (visible >= r.leads()) {
                done = at;
                break;
            }
            if (System.nanoTime() - lastReport > TimeUnit.SECONDS.toNanos(5)) {
                r.progress()
                        .say(
                                String.format(
                                        "%,d of %,d leads queryable under %s after %.1f s",
                                        visible, r.leads(), v2, at));
                lastReport = System.nanoTime();
                if (failed(r.job())) {
                    break;
                }
            }
            Thread.sleep(POLL_MILLIS);
        }
        sampler.interrupt();
        sampler.join(5_000);
        long v2Rows = rowsUnder(ch, v2);

        LeadflowConfig c = r.config();
        System.out.println();
        System.out.println("leadflow bench --rescore");
        System.out.println("machine     " + Machine.describe());
        System.out.printf(
                "settings    parallelism %s, state backend %s, checkpoint every %s (lead_scores"
                        + " rows are written when their checkpoint completes), sink batch %d / %s%n",
                c.job().parallelismText(),
                c.job().stateBackend().text(),
                text(checkpointInterval),
                c.sink().batchSize(),
                text(c.sink().flushInterval()));
        System.out.printf(
                "input       %,d leads, %,d events (%.0f B/event avg; lead.created on web_form,"
                        + " a /pricing page view, an email click; over the last 30 days),"
                        + " produced at %,.0f events/s%n",
                r.leads(),
                r.input().size(),
                r.input().averageBytes(),
                r.produced().ratePerSecond());
        System.out.printf(
                "scored      %,d leads under %s %.1f s after the job started (unbounded; %,.0f"
                        + " events/s including start-up and the last commit; %,d lead_scores"
                        + " rows)%n",
                r.leads(), r.v1(), scoredSeconds, events / scoredSeconds, v1Rows);
        if (steady != null) {
            System.out.printf(
                    "state       checkpoint bytes per lead (all operators): %,.0f (chk %d: %,d"
                            + " bytes for %,d leads, scoring on, %s backend)%n",
                    steady.bytes() / (double) r.leads(),
                    steady.id(),
                    steady.bytes(),
                    r.leads(),
                    c.job().stateBackend().text());
        } else {
            System.out.println("state       no completed checkpoint to measure");
        }
        System.out.printf(
                "change      published %s as shadow of %s (%s) at %s, acknowledged in %.2f s%s%n",
                v2,
                r.v1(),
                r.shadow().change(),
                LocalTime.ofInstant(Instant.ofEpochMilli(publishedAt), ZoneId.systemDefault())
                        .format(CLOCK),
                ackedSeconds,
                atPublish == null
                        ? ""
                        : String.format(
                                "; %.1f s after checkpoint %d completed",
                                (publishedAt - atPublish.completedAtMillis()) / 1e3,
                                atPublish.id()));
        if (done < 0) {
            System.out.printf(
                    "rescore     DID NOT COMPLETE within %d min: %,d of %,d leads queryable under"
                            + " %s%s%n",
                    RESCORE_TIMEOUT.toMinutes(),
                    visible,
                    r.leads(),
                    v2,
                    failed(r.job()) ? " (the job stopped)" : "");
        } else {
            System.out.printf(
                    "rescore     %,d leads queryable under %s %.1f s after the publish (first rows"
                            + " at +%.1f s): %,.0f leads/s%n",
                    r.leads(), v2, done, firstSeen, r.leads() / done);
            System.out.printf(
                    "            wall time from publish to the last lead visible in"
                            + " lead_score_current, polled every %d ms; includes up to one"
                            + " checkpoint interval (%s) before the rows are committed%n",
                    POLL_MILLIS, text(checkpointInterval));
        }
        System.out.println("operator    " + sampler.describe());
        System.out.println(
                "checkpoints completed after the publish: "
                        + (checkpointsAfter.isEmpty()
                                ? "none"
                                : String.join(", ", checkpointsAfter)));
        System.out.printf(
                "rows        %,d lead_scores rows written under %s (%,d under %s before the"
                        + " change)%n",
                v2Rows, v2, v1Rows, r.v1());
        for (JsonNode row :
                ch.query(
                        "SELECT model_version, count() AS leads, avg(total) AS mean,"
                                + " countIf(sales_ready = 1) AS ready FROM lead_score_current FINAL"
                                + " GROUP BY model_version ORDER BY model_version")) {
            System.out.printf(
                    "            %s: %,d leads, mean total %.1f, %,d sales ready%n",
                    row.get("model_version").asText(),
                    row.get("leads").asLong(),
                    row.get("mean").asDouble(),
                    row.get("ready").asLong());
        }
        System.out.printf(
                "memory      peak RSS %s of this JVM (Flink local cluster in-process), max heap"
                        + " %.1f GiB%n",
                Machine.peakRss(), Runtime.getRuntime().maxMemory() / (double) (1L << 30));
        return done < 0 ? 1 : 0;
    }

    /** A duration as settings are written: 10s, 1m30s. */
    private static String text(Duration d) {
        return d.toString().substring(2).toLowerCase(Locale.ROOT);
    }

    /**
     * Watches this JVM's threads (the Flink local cluster runs in it) for the scoring operator's
     * rescore, {@code LeadScoringFunction.processBroadcastElement}, every 100 ms: the first and
     * last moment any subtask was seen in it are the operator's time, give or take one sample.
     */
    private static final class RescoreSampler extends Thread {

        private static final long EVERY_MILLIS = 100;
        private final long startNanos;
        private final java.util.Map<Long, double[]> seen = new java.util.HashMap<>();
        private int samples;

        RescoreSampler(long startNanos) {
            super("rescore-sampler");
            setDaemon(true);
            this.startNanos = startNanos;
        }

        @Override
        public void run() {
            java.lang.management.ThreadMXBean threads =
                    java.lang.management.ManagementFactory.getThreadMXBean();
            while (!isInterrupted()) {
                double at = (System.nanoTime() - startNanos) / 1e9;
                for (java.lang.management.ThreadInfo info : threads.dumpAllThreads(false, false)) {
                    for (StackTraceElement frame : info.getStackTrace()) {
                        if (frame.getClassName().endsWith(".LeadScoringFunction")
                                && frame.getMethodName().equals("processBroadcastElement")) {
                            synchronized (seen) {
                                seen.computeIfAbsent(
                                                        info.getThreadId(),
                                                        t -> new double[] {at, at})[1] =
                                        at;
                            }
                            break;
                        }
                    }
                }
                samples++;
                try {
                    Thread.sleep(EVERY_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        String describe() {
            synchronized (seen) {
                if (seen.isEmpty()) {
                    return String.format(
                            "the rescore was not seen in LeadScoringFunction.processBroadcastElement"
                                    + " (%d samples every %d ms): shorter than a sample",
                            samples, EVERY_MILLIS);
                }
                double first = seen.values().stream().mapToDouble(t -> t[0]).min().orElse(0);
                double last = seen.values().stream().mapToDouble(t -> t[1]).max().orElse(0);
                List<String> each = new ArrayList<>();
                for (double[] t : seen.values()) {
                    each.add(String.format("%.1f s", t[1] - t[0]));
                }
                return String.format(
                        "rescoring seen in LeadScoringFunction.processBroadcastElement from +%.1f s"
                                + " to +%.1f s after the publish (%d subtasks: %s; sampled every"
                                + " %d ms)",
                        first, last, seen.size(), String.join(", ", each), EVERY_MILLIS);
            }
        }
    }

    private static long leadsUnder(ClickHouseHttp ch, String version) {
        return ch.queryLong(
                "SELECT uniqExact(lead_id) FROM lead_score_current WHERE model_version = "
                        + ClickHouseHttp.quote(version));
    }

    private static long rowsUnder(ClickHouseHttp ch, String version) {
        return ch.queryLong(
                "SELECT count() FROM lead_scores WHERE model_version = "
                        + ClickHouseHttp.quote(version));
    }

    private static boolean failed(JobClient job) {
        try {
            return job.getJobStatus().get(10, TimeUnit.SECONDS).isGloballyTerminalState();
        } catch (Exception e) {
            return false;
        }
    }

    /** The shadow version: the model with a new version and one engagement rule worth more. */
    record Shadow(String version, String modelText, String change) {}

    private static final Pattern NUMBERED = Pattern.compile("(.*?)(\\d+)$");

    static Shadow shadowOf(String modelText) throws IOException {
        ObjectNode model = (ObjectNode) JSON.readTree(modelText);
        String v1 = model.path("version").asText();
        Matcher m = NUMBERED.matcher(v1);
        String v2 =
                m.matches()
                        ? m.group(1) + (Long.parseLong(m.group(2)) + 1) + "-bench"
                        : v1 + "-bench";
        model.put("version", v2);
        ArrayNode rules = (ArrayNode) model.path("engagement").path("rules");
        ObjectNode changed = null;
        for (JsonNode rule : rules) {
            if (changed == null || "pricing-page".equals(rule.path("id").asText())) {
                changed = (ObjectNode) rule;
            }
            if ("pricing-page".equals(rule.path("id").asText())) {
                break;
            }
        }
        String change = "no engagement rule to change";
        if (changed != null) {
            JsonNode was = changed.path("points");
            if (was.isIntegralNumber()) {
                changed.put("points", was.asLong() + 10);
            } else {
                changed.put("points", was.asDouble() + 10);
            }
            change =
                    changed.path("id").asText()
                            + " points "
                            + was.asText()
                            + " -> "
                            + changed.path("points").asText();
        }
        return new Shadow(v2, model.toString(), change);
    }

    /**
     * The bench input: per lead a {@code lead.created} (channel web_form, a lead source, industry,
     * employees and country varied so some of the model's fit rules match), a page view of {@code
     * /pricing} 2 to 4 minutes later and an email click 1 to 5 minutes after that. Creation times
     * are spread evenly over the 30 days before {@code now}; the records are in event-time order
     * and made when read, so a million leads take no memory but the order (8 bytes an event).
     */
    static final class MinimalLeads extends AbstractList<KafkaRecord> {

        private static final long SEED = 20_261_202L;
        private static final long SPAN_SECONDS = Duration.ofDays(30).toSeconds();
        private static final List<String> SOURCES =
                List.of(
                        "google_ads",
                        "organic_search",
                        "referral",
                        "partner",
                        "linkedin",
                        "webinar");
        private static final List<String> INDUSTRIES =
                List.of(
                        "software",
                        "manufacturing",
                        "healthcare",
                        "financial_services",
                        "retail",
                        "logistics",
                        "education",
                        "professional_services");
        private static final List<String> COUNTRIES =
                List.of("US", "GB", "DE", "FR", "CA", "NL", "AU", "SE", "ES", "IN");

        private final int leads;
        private final String prefix;
        private final TopicRouting routing;
        private final Instant base;

        /** Per event: seconds after {@link #base}, then the lead's index and the event's kind. */
        private final long[] order;

        private long bytes;
        private long made;

        MinimalLeads(int leads, String prefix, TopicRouting routing, Instant now) {
            if (leads > MAX_LEADS) {
                throw new IllegalArgumentException("at most " + MAX_LEADS + " leads");
            }
            this.leads = leads;
            this.prefix = prefix;
            this.routing = routing;
            this.base = now.minusSeconds(SPAN_SECONDS);
            this.order = new long[leads * EVENTS_PER_LEAD];
            for (int i = 0; i < leads; i++) {
                long[] at = times(i);
                for (int kind = 0; kind < EVENTS_PER_LEAD; kind++) {
                    order[i * EVENTS_PER_LEAD + kind] = at[kind] << 32 | (long) i << 2 | kind;
                }
            }
            Arrays.sort(order);
        }

        /** Seconds after {@link #base} of the lead's three events. */
        private long[] times(int lead) {
            SplittableRandom random = random(lead);
            // The last lead is created 10 minutes before now, so its events are all in the past.
            long created = (long) lead * (SPAN_SECONDS - 600) / Math.max(1, leads);
            long pageView = created + 120 + random.nextInt(121);
            long click = pageView + 60 + random.nextInt(241);
            return new long[] {created, pageView, click};
        }

        private static SplittableRandom random(int lead) {
            return new SplittableRandom(SEED * 31 + lead);
        }

        @Override
        public KafkaRecord get(int index) {
            long code = order[index];
            int lead = (int) ((code & 0xFFFF_FFFFL) >>> 2);
            int kind = (int) (code & 3);
            Instant at = base.plusSeconds(code >>> 32);
            String leadId = prefix + lead;
            ObjectNode payload = JSON.createObjectNode();
            String type;
            String source;
            if (kind == 0) {
                SplittableRandom random = random(lead);
                random.nextInt(121);
                random.nextInt(241);
                type = LeadEvent.LEAD_CREATED;
                source = "web";
                payload.put("channel", "web_form");
                payload.put("leadSource", SOURCES.get(random.nextInt(SOURCES.size())));
                ObjectNode firmographics = payload.putObject("firmographics");
                firmographics.put("industry", INDUSTRIES.get(random.nextInt(INDUSTRIES.size())));
                // Log-uniform from 1 to about 20,000: about half within the mid-market range.
                firmographics.put(
                        "employees",
                        (int) Math.round(Math.exp(random.nextDouble() * Math.log(20_000))));
                firmographics.put("country", COUNTRIES.get(random.nextInt(COUNTRIES.size())));
            } else {
                type = LeadEvent.ACTIVITY;
                source = kind == 1 ? "web" : "marketing-automation";
                payload.put("kind", kind == 1 ? "page_view" : "email_click");
                payload.put("direction", "inbound");
                if (kind == 1) {
                    payload.put("url", "/pricing");
                }
            }
            KafkaRecord record =
                    routing.route(
                            new LeadEvent(
                                    leadId
                                            + (kind == 0
                                                    ? ":created"
                                                    : kind == 1 ? ":pv" : ":click"),
                                    type,
                                    leadId,
                                    at,
                                    source,
                                    payload));
            bytes += record.value().length;
            made++;
            return record;
        }

        @Override
        public int size() {
            return order.length;
        }

        /** Average value size of the records made so far. */
        double averageBytes() {
            return made == 0 ? 0 : bytes / (double) made;
        }
    }

    /**
     * A completed checkpoint: its id, its size with the job's shared state files, and when its
     * metadata was written.
     */
    private record Checkpoint(long id, long bytes, long completedAtMillis) {}

    /** The newest completed checkpoint (one with {@code _metadata}) under the run's folder. */
    private static Checkpoint latestCheckpoint(Path root) {
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                Path chk = latestCheckpointDir(root);
                if (chk == null) {
                    return null;
                }
                Path job = chk.getParent();
                long bytes =
                        size(chk) + size(job.resolve("shared")) + size(job.resolve("taskowned"));
                return new Checkpoint(
                        checkpointId(chk),
                        bytes,
                        Files.getLastModifiedTime(chk.resolve("_metadata")).toMillis());
            } catch (IOException | UncheckedIOException e) {
                // Flink deleted a subsumed checkpoint while it was read: read again.
            }
        }
        return null;
    }

    private static long latestCheckpointId(Path root) {
        try {
            Path chk = latestCheckpointDir(root);
            return chk == null ? -1 : checkpointId(chk);
        } catch (IOException | UncheckedIOException e) {
            return -1;
        }
    }

    private static Path latestCheckpointDir(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return null;
        }
        List<Path> found = new ArrayList<>();
        try (Stream<Path> jobs = Files.list(root)) {
            for (Path job : jobs.toList()) {
                if (!Files.isDirectory(job)) {
                    continue;
                }
                try (Stream<Path> chks = Files.list(job)) {
                    chks.filter(p -> p.getFileName().toString().startsWith("chk-"))
                            .filter(p -> Files.exists(p.resolve("_metadata")))
                            .forEach(found::add);
                }
            }
        }
        return found.stream()
                .max(Comparator.comparingLong(RescoreBench::checkpointId))
                .orElse(null);
    }

    private static long checkpointId(Path chk) {
        return Long.parseLong(chk.getFileName().toString().substring("chk-".length()));
    }

    private static long size(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(
                            p -> {
                                try {
                                    return Files.size(p);
                                } catch (IOException e) {
                                    throw new UncheckedIOException(e);
                                }
                            })
                    .sum();
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            System.err.println("leadflow: could not delete " + dir + ": " + e.getMessage());
        }
    }

    /** The run's topics: a million leads are about a gigabyte of the local broker's disk. */
    private static void deleteTopics(LeadflowConfig config, Progress progress) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrap());
        try (Admin admin = Admin.create(props)) {
            admin.deleteTopics(LeadflowJob.topics(config)).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            progress.say("could not delete the bench topics: " + e.getMessage());
        }
    }
}
