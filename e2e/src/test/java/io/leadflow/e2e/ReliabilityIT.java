package io.leadflow.e2e;

import io.leadflow.e2e.testing.ClickHouseExtension;
import io.leadflow.e2e.testing.ClickHouseServer;
import io.leadflow.e2e.testing.KafkaExtension;
import io.leadflow.e2e.testing.KafkaServer;
import io.leadflow.generator.DeliveryOptions;
import io.leadflow.generator.EventDelivery;
import io.leadflow.generator.GeneratedHistory;
import io.leadflow.generator.GeneratorSettings;
import io.leadflow.generator.KafkaRecord;
import io.leadflow.generator.LeadHistoryGenerator;
import io.leadflow.jobs.LeadflowJob;
import io.leadflow.jobs.LeadflowPipeline;
import io.leadflow.jobs.config.LeadflowConfig;
import io.leadflow.jobs.config.StateBackendKind;
import io.leadflow.jobs.io.KafkaInput;
import io.leadflow.jobs.io.SourceRecord;

import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The job's guarantees under failure, on one replay of about 200,000 events (with duplicates and
 * malformed records) read by a clean run and by disturbed runs over the same topics; every
 * disturbed run must leave exactly the clean run's tables ({@link ResultTables}):
 *
 * <ul>
 *   <li>failures at random points: an operator throws, a sink throws part-way through its rows, a
 *       TaskManager is lost; the job restarts from its checkpoints each time;
 *   <li>an upgrade: the job is stopped with a savepoint and a newly built job (moving its state
 *       from the heap to RocksDB) continues from it.
 * </ul>
 */
@ExtendWith({KafkaExtension.class, ClickHouseExtension.class})
class ReliabilityIT {

    @RegisterExtension static final MiniClusterExtension FLINK = TestPipelines.miniCluster(2);

    private static final int LEADS = 31_000;

    @TempDir static Path dir;
    private static TestPipelines.Run clean;
    private static Map<String, String> expected;
    private static long events;

    @BeforeAll
    static void cleanRun(KafkaServer kafka, ClickHouseServer clickHouse) throws Exception {
        clean = TestPipelines.create(kafka, clickHouse, dir, "clean");
        GeneratedHistory history =
                new LeadHistoryGenerator(
                                GeneratorSettings.defaults()
                                        .withSeed(77L)
                                        .withLeadCount(LEADS)
                                        .withLeadIdPrefix("rel-"))
                        .generate();
        List<KafkaRecord> records =
                new EventDelivery(
                                new DeliveryOptions(
                                        5L, Duration.ofHours(12), 0.05, 0.01, clean.routing()))
                        .plan(history.events())
                        .records();
        assertThat(records).as("a replay of 200k+ events").hasSizeGreaterThan(200_000);
        clean.send(records);
        clean.runBounded();
        expected = ResultTables.of(clean.clickHouse());
        events = ResultTables.eventsApplied(clean.clickHouse());
    }

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void failuresAtRandomPointsLeaveExactlyTheCleanResult(
            ClickHouseServer clickHouse, @InjectMiniCluster MiniCluster cluster) throws Exception {
        TestPipelines.Run run = clean.overTheSameTopics(clickHouse, dir, "chaos");
        ChaosMap.FAILURES_LEFT.set(3);
        AtomicInteger leadStateFailures = ChaosSink.budget("lead_state", 3);
        AtomicInteger deadLetterFailures = ChaosSink.budget("dead_letters", 2);
        StreamExecutionEnvironment env = run.environment(null);
        LeadflowConfig config = run.config();
        env.setParallelism(config.job().parallelism());
        DataStream<SourceRecord> input =
                KafkaInput.stream(env, config.kafka(), config.job(), false)
                        .map(new ChaosMap())
                        .returns(TypeInformation.of(SourceRecord.class))
                        .name("chaos")
                        .uid("chaos");
        LeadflowPipeline.Sinks real = LeadflowJob.sinks(config);
        LeadflowPipeline.Sinks chaotic =
                LeadflowPipeline.Sinks.builder()
                        .leadState(new ChaosSink<>(real.leadState(), "lead_state", 30_000))
                        .aggregates(real.aggregates())
                        .eventClock(real.eventClock())
                        .deadLetterTable(
                                new ChaosSink<>(real.deadLetterTable(), "dead_letters", 200))
                        .deadLetterTopic(real.deadLetterTopic().orElseThrow())
                        .campaignCosts(real.campaignCosts())
                        .lateEvents(real.lateEvents())
                        .alerts(real.alerts().orElseThrow())
                        .withoutScoring()
                        .build();
        LeadflowJob.build(config, input, null, chaotic);
        JobClient job = env.executeAsync("chaos-" + run.id());
        try {
            assertThat(
                            TestPipelines.await(
                                    () -> ResultTables.eventsApplied(run.clickHouse()) > events / 3,
                                    180))
                    .as("a third is in, through the injected failures")
                    .isTrue();
            // A TaskManager dies; the job carries on in the other one, then a new one joins.
            cluster.terminateTaskManager(0).get(30, TimeUnit.SECONDS);
            Thread.sleep(2_000);
            cluster.startTaskManager();
            awaitCleanResult(run, 240);
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
        assertThat(ChaosMap.FAILURES_LEFT.get())
                .as("every operator failure fired")
                .isLessThanOrEqualTo(0);
        // Each restart gives the writers a new random failure point, and the run may end before
        // a late one is reached: that at least one of each fired is what the test needs.
        assertThat(leadStateFailures.get()).as("a lead_state failure fired").isLessThan(3);
        assertThat(deadLetterFailures.get()).as("a dead_letters failure fired").isLessThan(2);
        ResultTables.assertSame(expected, ResultTables.of(run.clickHouse()), run.id());
    }

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void aNewBuildContinuesExactlyFromASavepoint(ClickHouseServer clickHouse) throws Exception {
        TestPipelines.Run run = clean.overTheSameTopics(clickHouse, dir, "upgrade");
        JobClient old = run.start(null);
        String savepoint;
        try {
            assertThat(
                            TestPipelines.await(
                                    () -> ResultTables.eventsApplied(run.clickHouse()) > events / 3,
                                    180))
                    .isTrue();
        } finally {
            savepoint =
                    old.stopWithSavepoint(
                                    false,
                                    dir.resolve("savepoints-" + run.id()).toUri().toString(),
                                    SavepointFormatType.CANONICAL)
                            .get(90, TimeUnit.SECONDS);
        }
        assertThat(ResultTables.eventsApplied(run.clickHouse()))
                .as("stopped part-way")
                .isLessThan(events);

        // The new build: a graph built afresh, its state moved from the heap to RocksDB.
        TestPipelines.Run upgraded =
                run.withConfig(
                        run.config()
                                .withJob(
                                        run.config()
                                                .job()
                                                .withStateBackend(StateBackendKind.ROCKSDB)));
        JobClient next = upgraded.start(Path.of(URI.create(savepoint)));
        try {
            awaitCleanResult(upgraded, 180);
        } finally {
            next.cancel().get(30, TimeUnit.SECONDS);
        }
        ResultTables.assertSame(expected, ResultTables.of(run.clickHouse()), run.id());
    }

    private static void awaitCleanResult(TestPipelines.Run run, int seconds) throws Exception {
        TestPipelines.await(
                () ->
                        ResultTables.eventsApplied(run.clickHouse()) == events
                                && ResultTables.of(run.clickHouse()).equals(expected),
                seconds);
    }

    /** Passes records on, and throws at a random point until its failures are used up. */
    static final class ChaosMap extends RichMapFunction<SourceRecord, SourceRecord> {
        private static final long serialVersionUID = 1L;
        static final AtomicInteger FAILURES_LEFT = new AtomicInteger();
        private long seen;
        private long failAt;

        @Override
        public void open(org.apache.flink.api.common.functions.OpenContext context) {
            failAt = ThreadLocalRandom.current().nextLong(2_000, 40_000);
        }

        @Override
        public SourceRecord map(SourceRecord record) {
            if (++seen == failAt && FAILURES_LEFT.getAndDecrement() > 0) {
                throw new IllegalStateException("injected operator failure after " + seen);
            }
            return record;
        }
    }

    /**
     * A sink that fails part-way, until its failures are used up: before a row reaches the real
     * writer (the batch is lost, and replayed), or right after a flush that did write (the rows are
     * in ClickHouse, yet the checkpoint fails and they are written again).
     */
    static final class ChaosSink<T> implements Sink<T> {
        private static final long serialVersionUID = 1L;

        /**
         * Failure budgets by name. Static, because Flink deserializes its own copy of the sink for
         * every task and every restart: a budget kept in the sink would start afresh each time.
         */
        private static final Map<String, AtomicInteger> BUDGETS = new ConcurrentHashMap<>();

        private final Sink<T> real;
        private final String budget;
        private final long rowsPerFailure;

        /**
         * @param budget the name of this sink's failure budget, shared by its parallel writers
         * @param rowsPerFailure about how many rows pass between two failures
         */
        ChaosSink(Sink<T> real, String budget, long rowsPerFailure) {
            this.real = real;
            this.budget = budget;
            this.rowsPerFailure = rowsPerFailure;
        }

        /** Sets the named budget, returning it to read what is left. */
        static AtomicInteger budget(String name, int failures) {
            AtomicInteger left = new AtomicInteger(failures);
            BUDGETS.put(name, left);
            return left;
        }

        @Override
        public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
            SinkWriter<T> writer = real.createWriter(context);
            AtomicInteger failuresLeft = BUDGETS.get(budget);
            ThreadLocalRandom random = ThreadLocalRandom.current();
            long failAt = random.nextLong(rowsPerFailure / 10, rowsPerFailure);
            boolean afterFlush = random.nextBoolean();
            return new SinkWriter<>() {
                private long written;

                @Override
                public void write(T element, Context ctx) throws IOException, InterruptedException {
                    if (!afterFlush && ++written == failAt && failuresLeft.getAndDecrement() > 0) {
                        throw new IOException("injected sink failure after " + written + " rows");
                    }
                    if (afterFlush) {
                        written++;
                    }
                    writer.write(element, ctx);
                }

                @Override
                public void flush(boolean endOfInput) throws IOException, InterruptedException {
                    writer.flush(endOfInput);
                    if (afterFlush && written >= failAt && failuresLeft.getAndDecrement() > 0) {
                        throw new IOException(
                                "injected failure after a flush that wrote " + written + " rows");
                    }
                }

                @Override
                public void close() throws Exception {
                    writer.close();
                }
            };
        }
    }
}
