package io.leadflow.cli.bench;

import io.leadflow.cli.stack.LaunchContext;
import io.leadflow.cli.stack.LocalStack;
import io.leadflow.cli.stack.Progress;
import io.leadflow.generator.DeliveryOptions;
import io.leadflow.generator.EventDelivery;
import io.leadflow.generator.GeneratedHistory;
import io.leadflow.generator.GeneratorFeed;
import io.leadflow.generator.GeneratorSettings;
import io.leadflow.generator.KafkaRecord;
import io.leadflow.generator.LeadEvent;
import io.leadflow.generator.LeadHistoryGenerator;
import io.leadflow.generator.TopicRouting;
import io.leadflow.jobs.LeadflowJob;
import io.leadflow.jobs.config.LeadflowConfig;
import io.leadflow.jobs.config.StartingOffsets;
import io.leadflow.schema.clickhouse.ClickHouseHttp;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./leadflow bench --latency}: how long an event takes from its produce time to its effect
 * in the aggregate tables, at half the maximum rate. First a bounded end-to-end run over generated
 * leads measures the maximum rate on this machine; then the job runs unbounded while generated
 * events are produced at half that rate, with a probe every 250 ms: a new lead with a campaign of
 * its own, whose row in {@code source_monthly} is polled for every 50 ms. Latency is the moment the
 * row is seen minus the probe's slot in the paced schedule. Prints percentiles; asserts nothing.
 */
public final class LatencyBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long PROBE_EVERY_MILLIS = 250;
    private static final long POLL_MILLIS = 50;

    public int run(LaunchContext context, int seconds, Duration checkpointInterval)
            throws Exception {
        LeadflowConfig config = context.config();
        Progress progress = new Progress();
        String run = UUID.randomUUID().toString().substring(0, 8);
        Path dataDir = context.dataDir().resolve("bench");
        Files.createDirectories(dataDir);
        LeadflowConfig isolated = BenchRun.isolated(config, "latency", run, dataDir);
        LeadflowConfig benchConfig =
                isolated.withJob(
                        isolated.job()
                                .withCheckpointing(
                                        isolated.job().checkpointDir(), checkpointInterval));
        TopicRouting routing = BenchRun.routing("latency", run);
        try (LocalStack stack = context.open(benchConfig, dataDir, true, progress)) {
            LeadflowConfig effective = stack.config();

            progress.say("maximum rate: a bounded end-to-end run over 40,000 generated leads");
            List<KafkaRecord> warm = records(40_000, "max-" + run, routing, 5L);
            try (GeneratorFeed feed = new GeneratorFeed(effective.kafka().bootstrap())) {
                feed.send(warm, 0, p -> {});
            }
            long start = System.nanoTime();
            StreamExecutionEnvironment bounded = BenchRun.localEnv(effective);
            LeadflowJob.build(
                    bounded,
                    effective.withKafka(effective.kafka().withGroupId("max-" + run)),
                    true);
            bounded.execute("latency-max-rate");
            double maxRate = warm.size() / ((System.nanoTime() - start) / 1e9);
            double rate = maxRate / 2;
            progress.say(
                    String.format("maximum %,.0f events/s; measuring at %,.0f", maxRate, rate));

            // The paced load: generated events, and a probe every PROBE_EVERY_MILLIS.
            int total = (int) (rate * seconds);
            List<KafkaRecord> background =
                    records(Math.max(1_000, total / 6), "bg-" + run, routing, 6L);
            int perProbe = Math.max(1, (int) (rate * PROBE_EVERY_MILLIS / 1000));
            List<KafkaRecord> load = new ArrayList<>(total + total / perProbe + 1);
            List<Integer> probeSlots = new ArrayList<>();
            List<String> probeCampaigns = new ArrayList<>();
            for (int i = 0; i < Math.min(total, background.size()); i++) {
                if (i % perProbe == 0) {
                    String campaign = "probe-" + run + "-" + probeSlots.size();
                    probeSlots.add(load.size());
                    probeCampaigns.add(campaign);
                    load.add(probe(routing, campaign, background.get(i)));
                }
                load.add(background.get(i));
            }

            StreamExecutionEnvironment env = BenchRun.localEnv(effective);
            // The live job starts where the maximum-rate run ended: only the paced load counts.
            LeadflowJob.build(
                    env,
                    effective.withKafka(
                            effective
                                    .kafka()
                                    .withGroupId("live-" + run)
                                    .withStartingOffsets(StartingOffsets.LATEST)),
                    false);
            JobClient job = env.executeAsync("latency-bench");
            Map<String, Long> seenAt = new ConcurrentHashMap<>();
            ClickHouseHttp ch = stack.clickHouse();
            Thread poller = new Thread(() -> poll(ch, run, seenAt), "latency-poller");
            poller.setDaemon(true);
            try {
                Thread.sleep(5_000);
                poller.start();
                progress.say(
                        String.format(
                                "producing %,d events at %,.0f events/s with %d probes",
                                load.size(), rate, probeSlots.size()));
                long sendStart = System.currentTimeMillis();
                try (GeneratorFeed feed = new GeneratorFeed(effective.kafka().bootstrap())) {
                    feed.send(load, rate, p -> {});
                }
                long deadline = System.currentTimeMillis() + 30_000;
                while (seenAt.size() < probeSlots.size() && System.currentTimeMillis() < deadline) {
                    Thread.sleep(200);
                }
                List<Long> latencies = new ArrayList<>();
                for (int p = 0; p < probeSlots.size(); p++) {
                    Long seen = seenAt.get(probeCampaigns.get(p));
                    if (seen != null) {
                        long slot = sendStart + (long) (probeSlots.get(p) * 1000.0 / rate);
                        latencies.add(seen - slot);
                    }
                }
                Collections.sort(latencies);
                System.out.println();
                System.out.println("leadflow bench --latency");
                System.out.println("machine     " + Machine.describe());
                System.out.printf(
                        "settings    checkpoint every %s (aggregate rows are written when their"
                                + " checkpoint completes), flush every %s, parallelism %s%n",
                        checkpointInterval,
                        effective.sink().flushInterval(),
                        effective.job().parallelismText());
                System.out.printf(
                        "rate        maximum %,.0f events/s (bounded end-to-end run, %,d events);"
                                + " measured at %,.0f events/s for %d s%n",
                        maxRate, warm.size(), rate, seconds);
                System.out.printf(
                        "latency     produce -> source_monthly row visible: %s (%d of %d probes"
                                + " seen; polled every %d ms)%n",
                        Percentiles.of(latencies),
                        latencies.size(),
                        probeSlots.size(),
                        POLL_MILLIS);
                System.out.println("memory      peak RSS " + Machine.peakRss() + " of this JVM");
                return latencies.size() == probeSlots.size() ? 0 : 1;
            } finally {
                poller.interrupt();
                job.cancel().get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static List<KafkaRecord> records(
            int leads, String prefix, TopicRouting routing, long seed) {
        GeneratedHistory history =
                new LeadHistoryGenerator(
                                GeneratorSettings.defaults()
                                        .withSeed(seed)
                                        .withLeadCount(leads)
                                        .withLeadIdPrefix(prefix + "-"))
                        .generate();
        return new EventDelivery(new DeliveryOptions(seed, Duration.ZERO, 0, 0, routing))
                .plan(history.events())
                .records();
    }

    /** A new lead with a campaign of its own, at the event time of where the stream is. */
    private static KafkaRecord probe(TopicRouting routing, String campaign, KafkaRecord next)
            throws RuntimeException {
        try {
            JsonNode at = JSON.readTree(next.value()).path("occurredAt");
            ObjectNode payload = JSON.createObjectNode();
            payload.put("channel", "web_form");
            payload.put("leadSource", "probe");
            payload.put("campaign", campaign);
            return routing.route(
                    new LeadEvent(
                            UUID.randomUUID().toString(),
                            LeadEvent.LEAD_CREATED,
                            campaign,
                            java.time.Instant.parse(at.asText()),
                            "bench",
                            payload));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void poll(ClickHouseHttp ch, String run, Map<String, Long> seenAt) {
        boolean failed = false;
        while (!Thread.currentThread().isInterrupted()) {
            try {
                for (JsonNode r :
                        ch.query(
                                "SELECT campaign FROM source_monthly FINAL WHERE attribution ="
                                        + " 'first_touch' AND lead_source = 'probe' AND leads > 0")) {
                    seenAt.putIfAbsent(r.get("campaign").asText(), System.currentTimeMillis());
                }
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!failed) {
                    System.err.println("latency poll failed (retrying): " + e.getMessage());
                    failed = true;
                }
            }
        }
    }
}
