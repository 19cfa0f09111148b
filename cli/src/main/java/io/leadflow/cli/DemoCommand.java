package io.leadflow.cli;

import io.leadflow.cli.stack.LaunchContext;
import io.leadflow.cli.stack.LocalStack;
import io.leadflow.cli.stack.Progress;
import io.leadflow.dashboards.DashboardQueries;
import io.leadflow.dashboards.DashboardServer;
import io.leadflow.dashboards.GrafanaDashboard;
import io.leadflow.generator.FeedProgress;
import io.leadflow.generator.GeneratorFeed;
import io.leadflow.generator.KafkaRecord;
import io.leadflow.generator.LiveFeedSettings;
import io.leadflow.generator.TopicRouting;
import io.leadflow.jobs.LeadflowJob;
import io.leadflow.jobs.config.LeadflowConfig;
import io.leadflow.jobs.config.StartingOffsets;
import io.leadflow.jobs.sla.SlaPolicyFile;
import io.leadflow.schema.clickhouse.ClickHouseHttp;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code ./leadflow demo}: the whole pipeline on this machine. A local Kafka broker and ClickHouse
 * (or the servers named by configuration), the migrations, the job on a local Flink cluster with
 * its web UI, the built-in dashboard, and the generator feeding live leads; a summary line every
 * few seconds until Ctrl-C or {@code --duration}, then everything stops cleanly.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = {
            "The full pipeline on this machine: a Kafka broker and ClickHouse (local, under"
                    + " .leadflow, unless settings name servers), the migrations, the job on a"
                    + " local Flink cluster with its web UI, the built-in dashboard and a live event"
                    + " generator. Prints a"
                    + " summary every 5 s until Ctrl-C or --duration."
        })
final class DemoCommand extends LeadflowCommand {

    @Mixin LiveFeedOptions pace;

    private static final Duration SUMMARY_EVERY = Duration.ofSeconds(5);

    @Option(
            names = "--ui-port",
            defaultValue = "8081",
            description = "Port of the Flink web UI, on ui.bind-address (127.0.0.1).")
    int uiPort;

    @Option(
            names = "--dashboard-port",
            defaultValue = "8088",
            description = "Port of the built-in dashboard, on ui.bind-address (127.0.0.1).")
    int dashboardPort;

    @Option(names = "--clean", description = "Delete the data directory first: start afresh.")
    boolean clean;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        LaunchContext context = context();
        LeadflowConfig config = context.config();
        pace.validate(spec);
        if (uiPort < 1 || uiPort > 65535) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--ui-port must be a port, 1 to 65535 (got " + uiPort + ")");
        }
        if (dashboardPort < 1 || dashboardPort > 65535 || dashboardPort == uiPort) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--dashboard-port must be a port, 1 to 65535, other than --ui-port (got "
                            + dashboardPort
                            + ")");
        }
        Progress progress = new Progress();
        Path dataDir = context.dataDir();
        if (clean) {
            progress.say("removing " + dataDir);
            deleteTree(dataDir);
        }
        Files.createDirectories(dataDir);
        // The demo replays its topics from the start on every run: its state is not restored,
        // and replaying is exact because every row is an idempotent upsert. Without rules of
        // its own it shows alerting with the example rules, and scoring with the example model.
        LeadflowConfig demoConfig =
                context.withExampleScoring(
                                withExampleRules(config, context), "scoring-model.example.json")
                        .withKafka(
                                config.kafka()
                                        .withGroupId("leadflow-demo")
                                        .withStartingOffsets(StartingOffsets.EARLIEST))
                        .withJob(
                                config.job()
                                        .withCheckpointing(
                                                dataDir.resolve("checkpoints").toUri().toString(),
                                                Duration.ofSeconds(5)));

        CountDownLatch stop = new CountDownLatch(1);
        try (LocalStack stack = context.open(demoConfig, dataDir, true, progress);
                DashboardServer dashboard =
                        DashboardServer.start(
                                new DashboardQueries(
                                        stack.reader(),
                                        GrafanaDashboard.packaged(GrafanaDashboard.FUNNEL)),
                                stack.config().job().uiBindAddress(),
                                dashboardPort)) {
            LeadflowConfig effective = stack.config();
            progress.say(
                    "ClickHouse "
                            + effective.clickHouse().url()
                            + " database "
                            + effective.clickHouse().database()
                            + ", Kafka "
                            + effective.kafka().bootstrap());

            Configuration flink = LeadflowJob.flinkConfiguration(effective);
            flink.set(RestOptions.PORT, uiPort);
            StreamExecutionEnvironment env =
                    StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(flink);
            LeadflowJob.build(env, effective, false);
            JobClient job = env.executeAsync("leadflow-demo");
            String bind = effective.job().uiBindAddress();
            boolean everywhere = bind.equals("0.0.0.0") || bind.equals("::");
            progress.say(
                    "Flink job running; web UI at http://"
                            + (everywhere ? "localhost" : bind)
                            + ":"
                            + uiPort
                            + (everywhere
                                    ? " (listening on every interface: ui.bind-address="
                                            + bind
                                            + ")"
                                    : "")
                            + ", read only");
            progress.say(
                    "dashboard at "
                            + dashboard.url()
                            + " (the Grafana panels' queries, as the read-only user; refreshes"
                            + " every 10 s)");

            AtomicLong produced = new AtomicLong();
            GeneratorFeed feed = new GeneratorFeed(effective.kafka().bootstrap());
            LiveFeedSettings live =
                    LiveFeedSettings.seededNow(
                            pace.leadsPerSecond,
                            pace.duration,
                            new TopicRouting(
                                    effective.kafka().leadsTopic(),
                                    effective.kafka().activitiesTopic()),
                            "demo-");
            Thread feeder =
                    new Thread(
                            () -> {
                                FeedProgress last = feed.runLive(live, p -> produced.set(p.sent()));
                                produced.set(last.sent());
                            },
                            "demo-feed");
            feeder.setDaemon(true);
            feeder.start();
            progress.say(
                    String.format(
                            "feeding %d new leads/s (journeys %.0fx faster than real time) and a"
                                    + " malformed record every 30 s (to show dead letters)%s;"
                                    + " Ctrl-C to stop",
                            pace.leadsPerSecond,
                            live.tempo(),
                            pace.duration.isZero()
                                    ? ""
                                    : " for " + pace.duration.toSeconds() + " s"));

            Thread hook = new Thread(stop::countDown, "demo-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            long started = System.nanoTime();
            try (Summary summary = new Summary(stack.clickHouse(), effective);
                    GeneratorFeed badInput = new GeneratorFeed(effective.kafka().bootstrap())) {
                int tick = 0;
                while (!stop.await(SUMMARY_EVERY.toMillis(), TimeUnit.MILLISECONDS)) {
                    if (tick++ % 6 == 0) {
                        badInput.send(List.of(malformed(effective, tick)), 0, quiet -> {});
                    }
                    System.out.println(summary.line(produced.get(), System.nanoTime() - started));
                    if (!pace.duration.isZero()
                            && System.nanoTime() - started >= pace.duration.toNanos()) {
                        // Give the job a moment to drain what the generator sent last.
                        Thread.sleep(SUMMARY_EVERY.toMillis());
                        System.out.println(
                                summary.line(produced.get(), System.nanoTime() - started));
                        break;
                    }
                }
            }
            progress.say("stopping");
            feed.stop();
            feeder.join(10_000);
            feed.close();
            job.cancel().get(30, TimeUnit.SECONDS);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the JVM is already on its way out; finish closing below.
            }
        }
        progress.say("stopped; data kept in " + dataDir + " (--clean starts afresh)");
        return 0;
    }

    /**
     * A rejected record of one of the common kinds, so the demo shows the dead-letter path: not
     * JSON, an unknown event type, an activity without a lead.
     */
    private static LeadflowConfig withExampleRules(LeadflowConfig config, LaunchContext context) {
        Path example =
                Path.of(context.env().getOrDefault("LEADFLOW_HOME", "."))
                        .resolve("jobs")
                        .resolve("alert-rules.example.json");
        if (!config.sla().policies().path().isEmpty() || !Files.isRegularFile(example)) {
            return config;
        }
        return config.withSla(config.sla().withPolicies(SlaPolicyFile.read(example.toString())));
    }

    private static KafkaRecord malformed(LeadflowConfig config, int n) {
        String at = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        String value =
                switch (n % 3) {
                    case 0 -> "lead-" + n + ";page_view;not JSON at all";
                    case 1 ->
                            "{\"eventId\":\"demo-bad-"
                                    + n
                                    + "\",\"type\":\"lead.deleted\","
                                    + "\"leadId\":\"demo-x\",\"occurredAt\":\""
                                    + at
                                    + "\","
                                    + "\"source\":\"demo\",\"schemaVersion\":1,\"payload\":{}}";
                    default ->
                            "{\"eventId\":\"demo-bad-"
                                    + n
                                    + "\",\"type\":\"activity\","
                                    + "\"occurredAt\":\""
                                    + at
                                    + "\",\"source\":\"demo\","
                                    + "\"schemaVersion\":1,\"payload\":{\"kind\":\"page_view\","
                                    + "\"direction\":\"inbound\"}}";
                };
        return new KafkaRecord(
                config.kafka().leadsTopic(), null, value.getBytes(StandardCharsets.UTF_8));
    }

    /** One summary line from ClickHouse and Kafka. */
    private static final class Summary implements AutoCloseable {
        private final ClickHouseHttp clickHouse;
        private final LeadflowConfig config;
        private final Admin admin;

        Summary(ClickHouseHttp clickHouse, LeadflowConfig config) {
            this.clickHouse = clickHouse;
            this.config = config;
            this.admin =
                    Admin.create(
                            Map.of(
                                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                    config.kafka().bootstrap()));
        }

        String line(long produced, long elapsedNanos) {
            try {
                List<JsonNode> byStatus =
                        clickHouse.query(
                                "SELECT status, count() AS n, sum(events_applied) AS events"
                                        + " FROM lead_state FINAL GROUP BY status ORDER BY n DESC");
                long leads = byStatus.stream().mapToLong(r -> r.get("n").asLong()).sum();
                long applied = byStatus.stream().mapToLong(r -> r.get("events").asLong()).sum();
                String statuses =
                        byStatus.stream()
                                .map(r -> r.get("status").asText() + " " + r.get("n").asText())
                                .collect(Collectors.joining(", "));
                long deadLetters = clickHouse.queryLong("SELECT count() FROM dead_letters FINAL");
                String alerts =
                        clickHouse
                                .query(
                                        "SELECT kind, count() AS n FROM sla_alerts FINAL"
                                                + " GROUP BY kind ORDER BY kind")
                                .stream()
                                .map(r -> r.get("kind").asText() + " " + r.get("n").asText())
                                .collect(Collectors.joining(", "));
                return String.format(
                        "%4ds | events sent %,d (%.0f/s), applied %,d | leads %,d: %s | alerts: %s%s | dead letters %,d | lag at last checkpoint %s",
                        TimeUnit.NANOSECONDS.toSeconds(elapsedNanos),
                        produced,
                        produced / Math.max(1e-9, elapsedNanos / 1e9),
                        applied,
                        leads,
                        statuses.isEmpty() ? "-" : statuses,
                        alerts.isEmpty() ? "-" : alerts,
                        webhook(),
                        deadLetters,
                        lag());
            } catch (RuntimeException e) {
                return "summary unavailable: " + e.getMessage();
            }
        }

        /** What became of the webhook posts, when a webhook is configured. */
        private String webhook() {
            if (config.sla().webhookUrl().isEmpty()) {
                return "";
            }
            Map<String, Long> outcomes = new java.util.TreeMap<>();
            for (JsonNode r :
                    clickHouse.query(
                            "SELECT outcome, count() AS n FROM webhook_deliveries FINAL"
                                    + " GROUP BY outcome")) {
                outcomes.put(r.get("outcome").asText(), r.get("n").asLong());
            }
            return String.format(
                    " | webhook: %,d delivered, %,d failed, %,d dropped",
                    outcomes.getOrDefault("DELIVERED", 0L),
                    outcomes.getOrDefault("FAILED", 0L),
                    outcomes.getOrDefault("DROPPED", 0L));
        }

        @Override
        public void close() {
            admin.close(Duration.ofSeconds(2));
        }

        private String lag() {
            try {
                Map<TopicPartition, OffsetAndMetadata> committed =
                        admin.listConsumerGroupOffsets(config.kafka().groupId())
                                .partitionsToOffsetAndMetadata()
                                .get(5, TimeUnit.SECONDS);
                if (committed.isEmpty()) {
                    return "n/a (no checkpoint yet)";
                }
                Map<TopicPartition, OffsetSpec> latest =
                        committed.keySet().stream()
                                .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
                var ends = admin.listOffsets(latest).all().get(5, TimeUnit.SECONDS);
                long lag = 0;
                for (var e : committed.entrySet()) {
                    if (e.getValue() != null) {
                        lag += ends.get(e.getKey()).offset() - e.getValue().offset();
                    }
                }
                return String.format("%,d", lag);
            } catch (Exception e) {
                return "n/a";
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
