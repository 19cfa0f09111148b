package io.leadflow.generator;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.PriorityQueue;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Sends generated records to Kafka: a prepared {@link DeliveryPlan} at an optional target rate
 * (benchmarks, end-to-end tests), or an endless live stream of new leads for the demo. The producer
 * is durable (acks=all) and batches with lz4 and a 10 ms linger, like a real ingestion service.
 * Progress (sent, rate, elapsed) goes to a callback or, by default, to an slf4j line every few
 * seconds. A send failure stops the run with an exception instead of silently losing events.
 */
public final class GeneratorFeed implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GeneratorFeed.class);
    private static final Duration DEFAULT_PROGRESS_INTERVAL = Duration.ofSeconds(5);
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final Producer<String, byte[]> producer;
    private final Duration progressInterval;
    private final Clock clock;
    private final AtomicReference<Exception> sendFailure = new AtomicReference<>();
    private volatile boolean stopped;

    /** A feed with its own {@link KafkaProducer} to {@code bootstrapServers}. */
    public GeneratorFeed(String bootstrapServers) {
        this(
                new KafkaProducer<>(
                        producerProperties(bootstrapServers),
                        new StringSerializer(),
                        new ByteArraySerializer()),
                DEFAULT_PROGRESS_INTERVAL,
                Clock.systemUTC());
    }

    /** A feed over any producer (tests pass a {@code MockProducer}); the feed closes it. */
    public GeneratorFeed(
            Producer<String, byte[]> producer, Duration progressInterval, Clock clock) {
        this.producer = producer;
        this.progressInterval = progressInterval;
        this.clock = clock;
    }

    /** Producer settings of the feed: durable writes, lz4 batches, 10 ms linger. */
    public static Properties producerProperties(String bootstrapServers) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, "leadflow-generator");
        return properties;
    }

    /** Sends all records, logging progress. See {@link #send(List, double, Consumer)}. */
    public FeedProgress send(List<KafkaRecord> records, double recordsPerSecond) {
        return send(records, recordsPerSecond, GeneratorFeed::log);
    }

    /**
     * Sends {@code records} in order at about {@code recordsPerSecond} (0 = as fast as possible),
     * then flushes. Returns the final progress; {@code progress} is also called every few seconds
     * and once at the end.
     *
     * @throws IllegalStateException if Kafka rejected any record
     */
    public FeedProgress send(
            List<KafkaRecord> records, double recordsPerSecond, Consumer<FeedProgress> progress) {
        long start = System.nanoTime();
        long nextReport = start + progressInterval.toNanos();
        long sent = 0;
        for (KafkaRecord record : records) {
            if (stopped) {
                break;
            }
            if (recordsPerSecond > 0) {
                // Pace against the schedule, not the previous send, so rounding never drifts.
                long due = start + (long) (sent * 1e9 / recordsPerSecond);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
            produce(record);
            sent++;
            long now = System.nanoTime();
            if (now >= nextReport) {
                progress.accept(FeedProgress.of(sent, now - start));
                nextReport = now + progressInterval.toNanos();
            }
        }
        producer.flush();
        failOnSendError();
        FeedProgress done = FeedProgress.of(sent, System.nanoTime() - start);
        progress.accept(done);
        return done;
    }

    /** Runs the live mode, logging progress. See {@link #runLive(LiveFeedSettings, Consumer)}. */
    public FeedProgress runLive(LiveFeedSettings live) {
        return runLive(live, GeneratorFeed::log);
    }

    /**
     * Generates new leads continuously with event times at the wall clock and sends every event
     * once its time has come, until {@code live.duration()} passes or {@link #stop()} is called.
     * Each UTC day's campaign costs are queued when the day starts and sent at its last second.
     */
    public FeedProgress runLive(LiveFeedSettings live, Consumer<FeedProgress> progress) {
        SplittableRandom random = new SplittableRandom(live.seed());
        Instant startedAt = clock.instant();
        String prefix = live.leadIdPrefix() + startedAt.getEpochSecond() + "-";
        LeadHistoryGenerator generator =
                new LeadHistoryGenerator(
                        GeneratorSettings.defaults()
                                .withSeed(live.seed())
                                .withTempo(live.tempo())
                                .withLeadIdPrefix(prefix));
        // Journeys are planned at capture; the queue releases each event at its event time.
        PriorityQueue<LeadEvent> due =
                new PriorityQueue<>(Comparator.comparing(LeadEvent::occurredAt));
        Instant horizon = Instant.parse("9999-12-31T23:59:59Z");

        long start = System.nanoTime();
        long nextReport = start + progressInterval.toNanos();
        long sent = 0;
        long leads = 0;
        double nextLeadSeconds = 0;
        LocalDate costDay = null;
        while (!stopped) {
            long elapsedNanos = System.nanoTime() - start;
            if (!live.endless() && elapsedNanos >= live.duration().toNanos()) {
                break;
            }
            Instant now = clock.instant();
            LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
            if (!today.equals(costDay)) {
                costDay = today;
                Instant dayStart = today.atStartOfDay(ZoneOffset.UTC).toInstant();
                due.addAll(
                        LeadHistoryGenerator.campaignCosts(
                                dayStart, dayStart.plus(Duration.ofDays(1)), random.nextLong()));
            }
            while (nextLeadSeconds * 1e9 <= elapsedNanos) {
                String leadId = prefix + String.format(Locale.ROOT, "%06d", ++leads);
                Instant capturedAt = startedAt.plusNanos((long) (nextLeadSeconds * 1e9));
                due.addAll(
                        generator
                                .generateLead(leadId, capturedAt, random.split(), horizon)
                                .events());
                // Exponential gaps make arrivals a Poisson process, as real traffic is.
                nextLeadSeconds += -Math.log(1 - random.nextDouble()) / live.leadsPerSecond();
            }
            boolean idle = true;
            while (!due.isEmpty() && !due.peek().occurredAt().isAfter(now)) {
                produce(live.routing().route(due.poll()));
                sent++;
                idle = false;
            }
            failOnSendError();
            long nowNanos = System.nanoTime();
            if (nowNanos >= nextReport) {
                progress.accept(FeedProgress.of(sent, nowNanos - start));
                nextReport = nowNanos + progressInterval.toNanos();
            }
            if (idle) {
                LockSupport.parkNanos(IDLE_PARK_NANOS);
            }
        }
        producer.flush();
        failOnSendError();
        FeedProgress done = FeedProgress.of(sent, System.nanoTime() - start);
        progress.accept(done);
        return done;
    }

    /** Ends a running {@link #send} or {@link #runLive} after the current record. */
    public void stop() {
        stopped = true;
    }

    @Override
    public void close() {
        stopped = true;
        producer.close(Duration.ofSeconds(30));
    }

    private void produce(KafkaRecord record) {
        producer.send(
                new ProducerRecord<>(record.topic(), record.key(), record.value()),
                (metadata, exception) -> {
                    if (exception != null) {
                        sendFailure.compareAndSet(null, exception);
                    }
                });
    }

    private void failOnSendError() {
        Exception failure = sendFailure.get();
        if (failure != null) {
            throw new IllegalStateException("Kafka rejected a generated record", failure);
        }
    }

    private static void log(FeedProgress progress) {
        LOG.info(
                "generator feed: sent {} records in {} s ({} records/s)",
                progress.sent(),
                progress.elapsed().toSeconds(),
                Math.round(progress.ratePerSecond()));
    }
}
