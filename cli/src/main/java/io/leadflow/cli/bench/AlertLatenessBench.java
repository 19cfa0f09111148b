package io.leadflow.cli.bench;

import io.leadflow.cli.stack.LaunchContext;
import io.leadflow.cli.stack.LocalStack;
import io.leadflow.cli.stack.Progress;
import io.leadflow.generator.GeneratorFeed;
import io.leadflow.generator.KafkaRecord;
import io.leadflow.generator.LeadEvent;
import io.leadflow.generator.TopicRouting;
import io.leadflow.jobs.LeadflowJob;
import io.leadflow.jobs.config.LeadflowConfig;
import io.leadflow.jobs.sla.SlaPolicies;
import io.leadflow.jobs.sla.SlaPolicyFile;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./leadflow bench --alerts [--leads N]}: how late SLA breach alerts are. N leads (100,000
 * by default) become MQL now under a policy with a 90-second deadline and are never contacted, so N
 * processing-time timers fall due within a few seconds of each other; the bench reads the alerts
 * topic and prints, per breach, raised minus due (timer lateness) and received minus due (what a
 * consumer of the topic sees), as percentiles. Prints figures; asserts nothing.
 */
public final class AlertLatenessBench {

    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param leads how many open leads become MQL
     * @param spreadSeconds over how many seconds they do (0: at once)
     */
    public int run(LaunchContext context, int leads, int spreadSeconds) throws Exception {
        LeadflowConfig config = context.config();
        Progress progress = new Progress();
        String run = UUID.randomUUID().toString().substring(0, 8);
        TopicRouting routing = BenchRun.routing("alerts-bench", run);
        Path dataDir = context.dataDir().resolve("bench");
        Files.createDirectories(dataDir);
        LeadflowConfig isolated = BenchRun.isolated(config, "alerts-bench", run, dataDir);
        String alertsTopic = isolated.kafka().alertsTopic();
        LeadflowConfig benchConfig =
                isolated.withSla(
                        isolated.sla()
                                .withPolicies(
                                        new SlaPolicyFile(
                                                "bench",
                                                SlaPolicies.parse(
                                                        "{\"policies\": [{\"name\": \"mql-90s\","
                                                                + " \"start\": \"became_mql\","
                                                                + " \"stop\": \"first_attempt\","
                                                                + " \"deadline\": \"90s\"}]}",
                                                        "bench"))));
        try (LocalStack stack = context.open(benchConfig, dataDir, true, progress)) {
            LeadflowConfig effective = stack.config();
            StreamExecutionEnvironment env = BenchRun.localEnv(effective);
            LeadflowJob.build(env, effective, false);
            JobClient job = env.executeAsync("alerts-bench");
            try {
                Thread.sleep(3_000);
                Instant mqlAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
                progress.say(
                        "producing "
                                + leads
                                + " leads that become MQL at "
                                + mqlAt
                                + (spreadSeconds > 0
                                        ? " (spread over " + spreadSeconds + " s)"
                                        : "")
                                + " and are never contacted (deadline "
                                + DEADLINE.toSeconds()
                                + " s)");
                List<KafkaRecord> records = new ArrayList<>(2 * leads);
                for (int i = 0; i < leads; i++) {
                    String leadId = "ab-" + run + "-" + i;
                    // Lead i becomes MQL i/leads of the way through the spread (event times have
                    // whole seconds), and is sent about then.
                    Instant at = mqlAt.plusSeconds((long) spreadSeconds * i / leads);
                    records.add(
                            routing.route(event(leadId, LeadEvent.LEAD_CREATED, at, created())));
                    records.add(
                            routing.route(event(leadId, LeadEvent.LEAD_STATUS_CHANGED, at, mql())));
                }
                try (GeneratorFeed feed = new GeneratorFeed(effective.kafka().bootstrap())) {
                    feed.send(
                            records,
                            spreadSeconds == 0 ? 0 : records.size() / (double) spreadSeconds);
                }
                progress.say("produced; waiting for the breaches, due at " + mqlAt.plus(DEADLINE));
                Measured m =
                        consume(
                                effective.kafka().bootstrap(),
                                alertsTopic,
                                leads,
                                mqlAt.plus(DEADLINE).plusSeconds(180 + spreadSeconds),
                                progress);
                System.out.println();
                System.out.println("leadflow bench --alerts");
                System.out.println("machine     " + Machine.describe());
                System.out.printf(
                        "setup       %,d leads become MQL %s, never contacted; policy deadline %d s;"
                                + " parallelism %s%n",
                        leads,
                        spreadSeconds == 0 ? "at once" : "over " + spreadSeconds + " s",
                        DEADLINE.toSeconds(),
                        effective.job().parallelismText());
                System.out.printf(
                        "breaches    %,d of %,d alerts received%n", m.raised.size(), leads);
                System.out.println(
                        "raised      "
                                + Percentiles.of(m.raised)
                                + " after the deadline (timer lateness)");
                System.out.println(
                        "received    "
                                + Percentiles.of(m.received)
                                + " after the deadline (read from the alerts topic)");
                System.out.println(
                        "memory      peak RSS "
                                + Machine.peakRss()
                                + " of this JVM (Flink local cluster in-process)");
            } finally {
                // Let the sinks write their last batches before the job goes away.
                Thread.sleep(2_000);
                job.cancel().get(30, TimeUnit.SECONDS);
            }
        }
        return 0;
    }

    private record Measured(List<Long> raised, List<Long> received) {}

    private static Measured consume(
            String bootstrap, String topic, int expected, Instant giveUpAt, Progress progress)
            throws Exception {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "alerts-bench-reader-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<Long> raised = new ArrayList<>();
        List<Long> received = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long lastReport = System.nanoTime();
            while (seen.size() < expected && Instant.now().isBefore(giveUpAt)) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    long now = System.currentTimeMillis();
                    JsonNode a = JSON.readTree(r.value());
                    if (!"sla.breach".equals(a.path("type").asText())
                            || !seen.add(a.path("alertId").asText())) {
                        continue;
                    }
                    long due = Instant.parse(a.path("dueAt").asText()).toEpochMilli();
                    raised.add(Instant.parse(a.path("raisedAt").asText()).toEpochMilli() - due);
                    received.add(now - due);
                }
                if (System.nanoTime() - lastReport > TimeUnit.SECONDS.toNanos(10)) {
                    progress.say(seen.size() + " breaches received");
                    lastReport = System.nanoTime();
                }
            }
        }
        return new Measured(raised, received);
    }

    private static LeadEvent event(String leadId, String type, Instant at, ObjectNode payload) {
        return new LeadEvent(UUID.randomUUID().toString(), type, leadId, at, "bench", payload);
    }

    private static ObjectNode created() {
        ObjectNode p = JSON.createObjectNode();
        p.put("channel", "web_form");
        p.put("leadSource", "google_ads");
        return p;
    }

    private static ObjectNode mql() {
        ObjectNode p = JSON.createObjectNode();
        p.put("status", "MQL");
        return p;
    }
}
