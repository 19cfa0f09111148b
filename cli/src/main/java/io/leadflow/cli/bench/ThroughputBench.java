package io.leadflow.cli.bench;

import io.leadflow.cli.stack.LaunchContext;
import io.leadflow.cli.stack.LocalStack;
import io.leadflow.cli.stack.Progress;
import io.leadflow.generator.DeliveryOptions;
import io.leadflow.generator.DeliveryPlan;
import io.leadflow.generator.EventDelivery;
import io.leadflow.generator.FeedProgress;
import io.leadflow.generator.GeneratedHistory;
import io.leadflow.generator.GeneratorFeed;
import io.leadflow.generator.GeneratorSettings;
import io.leadflow.generator.KafkaRecord;
import io.leadflow.generator.LeadHistoryGenerator;
import io.leadflow.generator.TopicRouting;
import io.leadflow.jobs.LeadflowJob;
import io.leadflow.jobs.config.LeadflowConfig;
import io.leadflow.jobs.io.KafkaInput;
import io.leadflow.jobs.io.SourceRecord;
import io.leadflow.jobs.scoring.ScoringModelFile;
import io.leadflow.jobs.state.WholeRecordTypeInfo;
import io.leadflow.schema.clickhouse.ClickHouseHttp;
import io.leadflow.schema.event.LeadEvent;
import io.leadflow.schema.parse.EventParser;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The throughput benchmark of {@code ./leadflow bench}: measures, on this machine, end-to-end
 * throughput (Kafka → job → ClickHouse) against the bare ceiling of the same run (Kafka → parse →
 * keyBy → count), the same end-to-end run with the example scoring model on, what schema validation
 * costs per event, the state kept per lead and peak memory. Prints figures; asserts nothing.
 */
public final class ThroughputBench {

    /** The model of the scoring-on run, under {@code $LEADFLOW_HOME/jobs}, unless one is set. */
    private static final String SCORING_MODEL = "scoring-model.example.json";

    /**
     * @param leads how many generated leads (about 6.5 events each)
     * @param label how the run was asked for, for the printed header
     * @return 0, or 1 when ClickHouse does not hold every lead afterwards
     */
    public int run(LaunchContext context, int leads, String label) throws Exception {
        LeadflowConfig config = context.config();
        Progress progress = new Progress();
        String run = UUID.randomUUID().toString().substring(0, 8);

        TopicRouting routing = BenchRun.routing("bench", run);
        Input input = generate(leads, run, routing, progress);

        Path dataDir = context.dataDir().resolve("bench");
        Files.createDirectories(dataDir);
        LeadflowConfig benchConfig = BenchRun.isolated(config, "bench", run, dataDir);
        try (LocalStack stack = context.open(benchConfig, dataDir, true, progress)) {
            LeadflowConfig effective = stack.config();
            progress.say("producing " + input.events() + " events to Kafka");
            FeedProgress produced;
            try (GeneratorFeed feed = new GeneratorFeed(effective.kafka().bootstrap())) {
                produced = feed.send(input.takeRecords(), 0);
            }
            // The generated events are not kept past this point: the timed runs share this JVM's
            // heap, and about a gigabyte of bench input in it made the job's run a series of full
            // garbage collections.

            progress.say("ceiling run: Kafka -> parse -> keyBy -> count");
            double ceilingSeconds =
                    timed(
                            () -> {
                                StreamExecutionEnvironment env = BenchRun.localEnv(effective);
                                DataStream<SourceRecord> in =
                                        KafkaInput.stream(
                                                env,
                                                effective
                                                        .kafka()
                                                        .withGroupId("bench-ceiling-" + run),
                                                effective.job(),
                                                true);
                                in.filter(r -> r.event() != null && r.event().leadId() != null)
                                        .keyBy(
                                                r -> r.event().leadId(),
                                                WholeRecordTypeInfo.STRING_KEY)
                                        .process(new CountPerKey())
                                        .sinkTo(new DiscardingSink<>());
                                env.execute("bench-ceiling");
                            });

            progress.say("end-to-end run: Kafka -> leadflow job -> ClickHouse, scoring off");
            double endToEndSeconds =
                    timed(
                            () -> {
                                StreamExecutionEnvironment env = BenchRun.localEnv(effective);
                                LeadflowJob.build(
                                        env,
                                        effective
                                                .withScoring(ScoringModelFile.none())
                                                .withKafka(
                                                        effective
                                                                .kafka()
                                                                .withGroupId("bench-e2e-" + run)),
                                        true);
                                env.execute("bench-end-to-end");
                            });
            ClickHouseHttp ch = stack.clickHouse();
            long leadRows = ch.queryLong("SELECT uniqExact(lead_id) FROM lead_state");
            long transitionRows = ch.queryLong("SELECT count() FROM lead_transitions");

            // The same run with the example model (or the configured one), on the same input.
            LeadflowConfig scoring = context.withExampleScoring(effective, SCORING_MODEL);
            double scoringSeconds = -1;
            long scoreRows = 0;
            long scoredLeads = 0;
            if (scoring.scoring().on()) {
                progress.say(
                        "end-to-end run, scoring on (model "
                                + scoring.scoring().initial().active()
                                + "): Kafka -> leadflow job -> ClickHouse");
                scoringSeconds =
                        timed(
                                () -> {
                                    StreamExecutionEnvironment env = BenchRun.localEnv(scoring);
                                    LeadflowJob.build(
                                            env,
                                            scoring.withKafka(
                                                    scoring.kafka()
                                                            .withGroupId(
                                                                    "bench-e2e-scoring-" + run)),
                                            true);
                                    env.execute("bench-end-to-end-scoring");
                                });
                scoreRows = ch.queryLong("SELECT count() FROM lead_scores");
                scoredLeads = ch.queryLong("SELECT uniqExact(lead_id) FROM lead_scores");
            }

            Validation validation = input.validation();
            StateFootprint state = input.state();

            int n = input.events();
            System.out.println();
            System.out.println(label);
            System.out.println("machine     " + Machine.describe());
            System.out.printf(
                    "settings    parallelism %s, state backend %s, checkpoint every %s, sink batch %d / %s%n",
                    effective.job().parallelismText(),
                    effective.job().stateBackend().text(),
                    effective.job().checkpointInterval(),
                    effective.sink().batchSize(),
                    effective.sink().flushInterval());
            System.out.printf(
                    "input       %,d leads, %,d events (%.0f B/event avg), produced at %,.0f events/s%n",
                    leads, n, input.averageBytes(), produced.ratePerSecond());
            System.out.println(
                    "            (each run is one bounded job: the time includes job start-up, about 2-3 s)");
            System.out.printf(
                    "ceiling     %,.0f events/s  (%.1f s; Kafka -> parse+validate -> keyBy -> count)%n",
                    n / ceilingSeconds, ceilingSeconds);
            System.out.printf(
                    "end-to-end  %,.0f events/s  (%.1f s; Kafka -> job -> ClickHouse; %,d leads with"
                            + " %,d transitions; lead rows coalesced per flush, aggregate rows at"
                            + " checkpoints)%n",
                    n / endToEndSeconds, endToEndSeconds, leadRows, transitionRows);
            System.out.printf(
                    "ratio       end-to-end / ceiling = %.2f%n", ceilingSeconds / endToEndSeconds);
            if (scoringSeconds > 0) {
                System.out.printf(
                        "scoring on  %,.0f events/s  (%.1f s; the end-to-end run again with scoring"
                                + " model %s: %,d lead_scores rows for %,d leads)%n",
                        n / scoringSeconds,
                        scoringSeconds,
                        scoring.scoring().initial().active(),
                        scoreRows,
                        scoredLeads);
                System.out.printf(
                        "ratio       end-to-end scoring on / scoring off = %.2f%n",
                        endToEndSeconds / scoringSeconds);
            } else {
                System.out.println(
                        "scoring on  not run: no jobs/"
                                + SCORING_MODEL
                                + " and no scoring.model-file");
            }
            System.out.printf(
                    "validation  %.1f µs/event JSON parse only, %.1f µs/event parse + schema"
                            + " validation + mapping: %.0f%% of one core at the end-to-end rate%n",
                    validation.parseOnlyMicros(),
                    validation.fullMicros(),
                    validation.fullMicros() * (n / endToEndSeconds) / 1e4);
            System.out.printf(
                    "state       %,.0f bytes per lead on average (p99 %,d; %.1f events per lead) in"
                            + " checkpoint form: event history and dedup ids%n",
                    state.averageBytes(), state.p99Bytes(), state.eventsPerLead());
            System.out.printf(
                    "memory      peak RSS %s of this JVM (Flink local cluster in-process)%n",
                    Machine.peakRss());
            if (leadRows != leads) {
                System.out.println(
                        "WARNING: expected " + leads + " leads in ClickHouse, found " + leadRows);
                return 1;
            }
            ch.withDatabase(null)
                    .execute(
                            "DROP DATABASE IF EXISTS " + ClickHouseHttp.identifier("bench_" + run));
        }
        return 0;
    }

    private interface Run {
        void run() throws Exception;
    }

    private static double timed(Run run) throws Exception {
        long start = System.nanoTime();
        run.run();
        return (System.nanoTime() - start) / 1e9;
    }

    /**
     * The bench input and what is measured on it before the runs; {@link #takeRecords()} hands the
     * records over once, so nothing here holds them afterwards.
     */
    private static final class Input {
        private List<KafkaRecord> records;
        private final int events;
        private final double averageBytes;
        private final Validation validation;
        private final StateFootprint state;

        Input(List<KafkaRecord> records) throws Exception {
            this.records = records;
            this.events = records.size();
            this.averageBytes =
                    records.stream().mapToInt(r -> r.value().length).average().orElse(0);
            this.validation = measureValidation(records);
            this.state = measureState(records);
        }

        List<KafkaRecord> takeRecords() {
            List<KafkaRecord> taken = records;
            records = null;
            return taken;
        }

        int events() {
            return events;
        }

        double averageBytes() {
            return averageBytes;
        }

        Validation validation() {
            return validation;
        }

        StateFootprint state() {
            return state;
        }
    }

    private static Input generate(int leads, String run, TopicRouting routing, Progress progress)
            throws Exception {
        progress.say("generating " + leads + " lead histories");
        GeneratedHistory history =
                new LeadHistoryGenerator(
                                GeneratorSettings.defaults()
                                        .withLeadCount(leads)
                                        .withLeadIdPrefix("bench-" + run + "-"))
                        .generate();
        DeliveryPlan plan =
                new EventDelivery(new DeliveryOptions(1L, Duration.ZERO, 0, 0, routing))
                        .plan(history.events());
        progress.say("measuring validation cost and state per lead");
        return new Input(plan.records());
    }

    private record Validation(double parseOnlyMicros, double fullMicros) {}

    private record StateFootprint(double averageBytes, long p99Bytes, double eventsPerLead) {}

    /** Serialized keyed-state size per lead, as the lifecycle operator would hold it. */
    private static StateFootprint measureState(List<KafkaRecord> records) {
        EventParser parser = new EventParser();
        Map<String, List<LeadEvent>> byLead = new HashMap<>();
        for (KafkaRecord r : records) {
            var outcome = parser.parse(r.value());
            if (outcome.isAccepted() && outcome.event().leadId() != null) {
                byLead.computeIfAbsent(outcome.event().leadId(), k -> new ArrayList<>())
                        .add(outcome.event());
            }
        }
        LeadStateSize size = new LeadStateSize();
        long[] bytes =
                byLead.entrySet().stream()
                        .mapToLong(e -> size.bytes(e.getKey(), e.getValue()))
                        .sorted()
                        .toArray();
        long events = byLead.values().stream().mapToLong(List::size).sum();
        return new StateFootprint(
                Arrays.stream(bytes).average().orElse(0),
                bytes.length == 0
                        ? 0
                        : bytes[(int) Math.min(bytes.length - 1, bytes.length * 0.99)],
                (double) events / Math.max(1, byLead.size()));
    }

    /** Single-threaded cost per event, after a warm-up, of Jackson alone and of the full parser. */
    private static Validation measureValidation(List<KafkaRecord> records) throws Exception {
        EventParser parser = new EventParser();
        ObjectMapper mapper = new ObjectMapper();
        int n = Math.min(records.size(), 100_000);
        long sink = 0;
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < n; i++) {
                sink += parser.parse(records.get(i).value()).isAccepted() ? 1 : 0;
                sink += mapper.readTree(records.get(i).value()).size();
            }
        }
        // The best of five passes: a single pass on a shared 2-core machine mostly measures
        // whatever else was running.
        long parseOnly = Long.MAX_VALUE;
        long full = Long.MAX_VALUE;
        for (int pass = 0; pass < 5; pass++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                sink += mapper.readTree(records.get(i).value()).size();
            }
            long t1 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                sink += parser.parse(records.get(i).value()).isAccepted() ? 1 : 0;
            }
            long t2 = System.nanoTime();
            parseOnly = Math.min(parseOnly, t1 - t0);
            full = Math.min(full, t2 - t1);
        }
        if (sink == 42) {
            System.out.print("");
        }
        return new Validation(parseOnly / 1e3 / n, full / 1e3 / n);
    }

    /** The ceiling job's keyed work: one counter per lead, as the real job keeps one state. */
    private static final class CountPerKey
            extends KeyedProcessFunction<String, SourceRecord, Long> {
        private transient ValueState<Long> count;

        @Override
        public void open(OpenContext openContext) {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Types.LONG));
        }

        @Override
        public void processElement(SourceRecord value, Context ctx, Collector<Long> out)
                throws Exception {
            Long c = count.value();
            count.update(c == null ? 1L : c + 1);
        }
    }
}
