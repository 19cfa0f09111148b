package io.leadflow.e2e;

import io.leadflow.e2e.testing.ChatWebhook;
import io.leadflow.e2e.testing.ClickHouseExtension;
import io.leadflow.e2e.testing.ClickHouseServer;
import io.leadflow.e2e.testing.KafkaExtension;
import io.leadflow.e2e.testing.KafkaServer;
import io.leadflow.generator.DeliveryOptions;
import io.leadflow.generator.EventDelivery;
import io.leadflow.generator.GeneratedHistory;
import io.leadflow.generator.GeneratorSettings;
import io.leadflow.generator.KafkaRecord;
import io.leadflow.generator.LeadEvent;
import io.leadflow.generator.LeadHistoryGenerator;
import io.leadflow.generator.LeadTransition;
import io.leadflow.generator.LeadTruth;
import io.leadflow.generator.TopicRouting;
import io.leadflow.jobs.config.LeadflowConfig;
import io.leadflow.jobs.sla.ReportSchedule;
import io.leadflow.jobs.sla.SlaPolicies;
import io.leadflow.jobs.sla.SlaPolicyFile;
import io.leadflow.schema.clickhouse.ClickHouseHttp;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SLA alerts through real Kafka, Flink and ClickHouse, in both regimes: a replayed history, whose
 * breaches are decided on the watermark and recorded as not live, and live leads, whose deadline
 * fires on the wall clock with no further event, reaches the alerts topic and is resolved by a late
 * contact.
 */
@ExtendWith({KafkaExtension.class, ClickHouseExtension.class})
class SlaAlertsEndToEndIT {

    @RegisterExtension static final MiniClusterExtension FLINK = TestPipelines.miniCluster();

    private static final Duration DEADLINE = Duration.ofSeconds(15);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void historyIsJudgedOnTheWatermarkAndLiveDeadlinesFireOnTime(
            KafkaServer kafka, ClickHouseServer clickHouse, @TempDir Path dir) throws Exception {
        TestPipelines.Run base = TestPipelines.create(kafka, clickHouse, dir, "sla");
        ChatWebhook webhook = new ChatWebhook(1);
        LeadflowConfig c = base.config();
        LeadflowConfig config =
                c.withSla(
                                c.sla()
                                        .withPolicies(
                                                new SlaPolicyFile(
                                                        "test",
                                                        SlaPolicies.parse(
                                                                """
                                                                {"policies": [{"name": "mql-15s",
                                                                  "start": "became_mql",
                                                                  "stop": "first_attempt",
                                                                  "deadline": "15s",
                                                                  "warnAt": 0.5}]}
                                                                """,
                                                                "test")))
                                        .withWebhook(webhook.url())
                                        .withUntouchedReport(ReportSchedule.parse("every 20s"), 1))
                        .withJob(
                                c.job()
                                        .withEventTime(
                                                c.job().dedupTtl(),
                                                c.job().allowedLateness(),
                                                c.job().watermarkOutOfOrderness(),
                                                // Short, so partitions without live events stop
                                                // holding back the watermark; not so short that
                                                // a partition whose first fetch is slow is idled
                                                // and the others' history makes its events late
                                                // (seen with 2 s: 857 of 1,944 events late, and
                                                // with 8 s on a loaded CI machine whose Kafka
                                                // coordinator answered late: 354).
                                                Duration.ofSeconds(20)));
        TestPipelines.Run run = base.withConfig(config);
        String alertsTopic = config.kafka().alertsTopic();

        GeneratedHistory history =
                new LeadHistoryGenerator(
                                GeneratorSettings.defaults()
                                        .withLeadCount(300)
                                        .withLeadIdPrefix("sla-" + run.id() + "-"))
                        .generate();
        run.send(
                new EventDelivery(new DeliveryOptions(5L, Duration.ZERO, 0, 0, run.routing()))
                        .plan(history.events())
                        .records());
        long leadEvents = history.events().stream().filter(e -> e.leadId() != null).count();
        JobClient job = run.start(null);
        ClickHouseHttp ch = run.clickHouse();
        try {
            assertThat(
                            TestPipelines.await(
                                    () ->
                                            ch.queryLong(
                                                            "SELECT sum(events_applied) FROM"
                                                                    + " lead_state FINAL")
                                                    == leadEvents,
                                    90))
                    .as(
                            "the history is in: %s of %d events applied, %s late",
                            ch.queryText("SELECT sum(events_applied) FROM lead_state FINAL").trim(),
                            leadEvents,
                            ch.queryText("SELECT count() FROM late_events FINAL").trim())
                    .isTrue();

            // Live leads, now: one nobody calls, one called at once.
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            String ignored = "live-ignored-" + run.id();
            String called = "live-called-" + run.id();
            run.send(
                    routed(
                            run.routing(),
                            created(ignored, now),
                            mql(ignored, now),
                            created(called, now),
                            mql(called, now),
                            call(called, now.plusSeconds(1))));

            assertThat(
                            TestPipelines.await(
                                    () -> kinds(ch, ignored, 1).contains("BREACH"),
                                    DEADLINE.toSecondsPart() + 60))
                    .as("the breach fires with no further event")
                    .isTrue();
            assertThat(kinds(ch, ignored, 1)).containsExactlyInAnyOrder("WARNING", "BREACH");
            assertThat(kinds(ch, called, 1)).isEmpty();
            assertThat(
                            ch.queryLong(
                                    "SELECT count() FROM sla_breaches WHERE lead_id = '"
                                            + ignored
                                            + "' AND resolved_at IS NULL"))
                    .isEqualTo(1);

            // Finally contacted: the breach is resolved.
            run.send(
                    routed(
                            run.routing(),
                            call(ignored, Instant.now().truncatedTo(ChronoUnit.SECONDS))));
            assertThat(
                            TestPipelines.await(
                                    () ->
                                            ch.queryLong(
                                                            "SELECT count() FROM sla_breaches"
                                                                    + " WHERE lead_id = '"
                                                                    + ignored
                                                                    + "' AND resolved_at IS NOT NULL")
                                                    == 1,
                                    60))
                    .as("the late contact resolves the breach")
                    .isTrue();

            // History: every MQL that waited longer than the deadline, decided on the watermark.
            // The history's last MQL is its newest event, so its deadline is only decided once
            // the live events moved the watermark on; checked before the rules change, since a
            // removed policy drops the clocks still waiting for it.
            Set<String> expected = historyBreaches(history);
            assertThat(expected).isNotEmpty();
            TestPipelines.await(() -> historyBreachesIn(ch).equals(expected), 60);
            assertThat(historyBreachesIn(ch))
                    .as("history breaches equal the truth")
                    .containsExactlyElementsOf(expected);
            assertThat(
                            ch.queryLong(
                                    "SELECT count() FROM sla_alerts FINAL"
                                            + " WHERE live = 0 AND kind = 'WARNING'"))
                    .as("no warnings about the past")
                    .isZero();

            // Every clock that started left a row; the breached ones are the truth's.
            long mqls =
                    history.truth().leads().values().stream()
                            .filter(
                                    t ->
                                            t.transitions().stream()
                                                    .anyMatch(tr -> tr.to().equals("MQL")))
                            .count();
            String historyClocks =
                    "FROM sla_outcomes WHERE policy = 'mql-15s' AND lead_id LIKE 'sla-%'";
            TestPipelines.await(() -> ch.queryLong("SELECT count() " + historyClocks) == mqls, 60);
            assertThat(ch.queryLong("SELECT count() " + historyClocks))
                    .as("one sla_clocks row per clock started")
                    .isEqualTo(mqls);
            Set<String> breachedClocks = new TreeSet<>();
            for (JsonNode r :
                    ch.query("SELECT lead_id " + historyClocks + " AND outcome = 'BREACHED'")) {
                breachedClocks.add(r.get("lead_id").asText());
            }
            assertThat(breachedClocks).as("breached clocks equal the truth").isEqualTo(expected);
            assertThat(
                            ch.queryLong(
                                    "SELECT sum(met) + sum(breached) + sum(left_scope) + sum(open)"
                                            + " - sum(clocks) FROM sla_compliance"))
                    .as("every clock has one outcome")
                    .isZero();
            // The job's own SLA table gives the per-lead view's figures, live clocks included.
            // Both live clocks are decided by now, so wait for the settled figures (no clock at
            // risk on the per-lead side), not for a moment when both sides still showed the
            // ignored lead's clock open: the two sides are written at different moments.
            TestPipelines.await(
                    () -> {
                        String perLead = AggregateOracle.slaCompliance(ch, "per-lead");
                        return perLead.endsWith("at risk:\n")
                                && AggregateOracle.slaCompliance(ch, "table").equals(perLead);
                    },
                    60);
            assertThat(AggregateOracle.slaCompliance(ch, "table"))
                    .as("sla_compliance_daily and sla_at_risk equal the per-lead views")
                    .isEqualTo(AggregateOracle.slaCompliance(ch, "per-lead"));
            assertThat(ch.queryLong("SELECT sum(clocks) FROM sla_compliance_daily"))
                    .as("the history's clocks and the two live ones")
                    .isEqualTo(mqls + 2);

            // Rules change at run time through the config topic. A bad document is refused and
            // kept as a dead letter; the rules in force stay.
            String configTopic = config.kafka().configTopic();
            run.send(
                    List.of(
                            new KafkaRecord(
                                    configTopic,
                                    "rules",
                                    "{\"policies\": [{\"name\": \"broken\"}]}"
                                            .getBytes(StandardCharsets.UTF_8))));
            assertThat(
                            TestPipelines.await(
                                    () ->
                                            ch.queryLong(
                                                            "SELECT count() FROM dead_letters"
                                                                    + " WHERE reason_code ="
                                                                    + " 'INVALID_RULES'"
                                                                    + " AND position(reason,"
                                                                    + " 'deadline: is missing')"
                                                                    + " > 0")
                                                    == 1,
                                    60))
                    .as("the refused rules are a dead letter naming the problem")
                    .isTrue();
            // A good one replaces them: a tighter deadline, and a hot-lead rule for RFQs.
            run.send(
                    List.of(
                            new KafkaRecord(
                                    configTopic,
                                    "rules",
                                    """
                                    {"policies": [{"name": "mql-5s", "start": "became_mql",
                                      "stop": "first_attempt", "deadline": "5s"}],
                                     "hotLeads": [{"name": "rfq", "activities": ["rfq"]}]}
                                    """
                                            .getBytes(StandardCharsets.UTF_8))));
            // Probe leads until one shows both new rules at work (the document travels beside
            // the events, so the first probes may still meet the old rules).
            String hot = null;
            for (int i = 0; i < 12 && hot == null; i++) {
                String probe = "probe-" + i + "-" + run.id();
                Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS);
                run.send(routed(run.routing(), created(probe, at), mql(probe, at), rfq(probe, at)));
                if (TestPipelines.await(
                        () -> kinds(ch, probe, 1).containsAll(List.of("HOT_LEAD", "BREACH")), 10)) {
                    hot = probe;
                }
            }
            assertThat(hot).as("a probe lead met the new rules").isNotNull();
            assertThat(
                            ch.queryLong(
                                    "SELECT count() FROM sla_alerts FINAL WHERE lead_id = '"
                                            + hot
                                            + "' AND kind = 'BREACH' AND policy = 'mql-5s'"))
                    .as("the breach came from the new 5-second policy")
                    .isEqualTo(1);

            // The untouched-leads summary: one alert per owner every 20 s. A report is a
            // snapshot at its time, so one taken while the alerting operator was still working
            // through the history may list a lead that closed a moment later. Once it has caught
            // up, a complete report (any but the latest) counts exactly the open leads the
            // untouched_leads view lists; and every report's summaries count exactly its rows.
            long untouched =
                    ch.queryLong("SELECT count() FROM untouched_leads WHERE days_untouched >= 1");
            assertThat(untouched).isPositive();
            long[] report = {-1};
            assertThat(
                            TestPipelines.await(
                                    () -> {
                                        List<Long> complete = completeReports(ch);
                                        report[0] =
                                                complete.isEmpty()
                                                        ? -1
                                                        : complete.get(complete.size() - 1);
                                        return report[0] > 0
                                                && summarized(ch, report[0]) == untouched;
                                    },
                                    60))
                    .as("a report summarizes the leads untouched_leads lists")
                    .isTrue();
            for (long r : completeReports(ch)) {
                assertThat(summarized(ch, r))
                        .as("the summaries of report " + r + " count its rows")
                        .isEqualTo(
                                ch.queryLong(
                                        "SELECT count() FROM untouched_reports FINAL WHERE"
                                                + " toUInt32(report_at) = "
                                                + r));
            }

            // A lead the job learns of two days late, after the events paused for a while: its
            // deadline waits for the watermark, which the next events move on, and pages nobody.
            String late = "late-" + run.id();
            Instant then = now.minus(Duration.ofDays(2));
            run.send(routed(run.routing(), created(late, then), mql(late, then)));
            boolean decided = false;
            for (int i = 0; i < 30 && !decided; i++) {
                String tick = "tick-" + i + "-" + run.id();
                run.send(
                        routed(
                                run.routing(),
                                created(tick, Instant.now().truncatedTo(ChronoUnit.SECONDS))));
                decided = TestPipelines.await(() -> kinds(ch, late, 0).contains("BREACH"), 2);
            }
            assertThat(decided).as("the late lead's breach is decided on the watermark").isTrue();
            assertThat(kinds(ch, late, 1)).as("and is not news").isEmpty();
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
        }

        List<JsonNode> messages = alertMessages(kafka, alertsTopic, ignored(run));
        assertThat(messages)
                .extracting(m -> m.get("type").asText() + "/" + m.get("live").asBoolean())
                .contains("sla.warning/true", "sla.breach/true", "sla.resolved/true");

        // The webhook failed once and was retried; it got the live alerts and nothing from history.
        assertThat(TestPipelines.await(() -> webhook.texts().size() >= 3, 30)).isTrue();
        webhook.stop();
        assertThat(webhook.texts())
                .filteredOn(t -> t.contains(ignored(run)))
                .anyMatch(t -> t.startsWith(":rotating_light: SLA mql-15s breached"))
                .anyMatch(t -> t.startsWith(":white_check_mark:"));
        assertThat(webhook.texts())
                .anyMatch(t -> t.startsWith(":fire: Hot lead probe-"))
                .anyMatch(t -> t.startsWith(":zzz: "));
        assertThat(webhook.texts())
                .filteredOn(t -> !t.startsWith(":zzz: "))
                .as("nothing about replayed history is posted")
                .noneMatch(t -> t.contains("sla-" + run.id()) || t.contains("late-" + run.id()));
        assertThat(webhook.failures()).isEqualTo(1);
    }

    private static String ignored(TestPipelines.Run run) {
        return "live-ignored-" + run.id();
    }

    /** Leads whose first MQL waited longer than the deadline for a first contact attempt. */
    private static Set<String> historyBreaches(GeneratedHistory history) {
        Set<String> leads = new TreeSet<>();
        for (LeadTruth t : history.truth().leads().values()) {
            Instant mql =
                    t.transitions().stream()
                            .filter(tr -> tr.to().equals("MQL"))
                            .map(LeadTransition::occurredAt)
                            .findFirst()
                            .orElse(null);
            if (mql != null
                    && (t.firstAttemptAt() == null
                            || t.firstAttemptAt().isAfter(mql.plus(DEADLINE)))) {
                leads.add(t.leadId());
            }
        }
        return leads;
    }

    private static Set<String> historyBreachesIn(ClickHouseHttp ch) {
        Set<String> leads = new TreeSet<>();
        for (JsonNode r :
                ch.query(
                        "SELECT lead_id FROM sla_alerts FINAL WHERE kind = 'BREACH' AND live = 0")) {
            leads.add(r.get("lead_id").asText());
        }
        return leads;
    }

    /** Report times whose summaries are all written: all but the latest. */
    private static List<Long> completeReports(ClickHouseHttp ch) {
        List<Long> reports = new ArrayList<>();
        for (JsonNode r :
                ch.query(
                        "SELECT toUInt32(started_at) AS t FROM sla_alerts FINAL"
                                + " WHERE kind = 'UNTOUCHED' GROUP BY t ORDER BY t")) {
            reports.add(r.get("t").asLong());
        }
        return reports.isEmpty() ? reports : reports.subList(0, reports.size() - 1);
    }

    /** The leads the owners' summaries of one report count together. */
    private static long summarized(ClickHouseHttp ch, long report) {
        long leads = 0;
        for (JsonNode r :
                ch.query(
                        "SELECT detail FROM sla_alerts FINAL WHERE kind = 'UNTOUCHED' AND"
                                + " toUInt32(started_at) = "
                                + report)) {
            leads += Long.parseLong(r.get("detail").asText().split(" ")[0]);
        }
        return leads;
    }

    private static List<String> kinds(ClickHouseHttp ch, String leadId, int live) {
        List<String> kinds = new ArrayList<>();
        for (JsonNode r :
                ch.query(
                        "SELECT kind FROM sla_alerts FINAL WHERE lead_id = '"
                                + leadId
                                + "' AND live = "
                                + live)) {
            kinds.add(r.get("kind").asText());
        }
        return kinds;
    }

    private static List<JsonNode> alertMessages(KafkaServer kafka, String topic, String leadId)
            throws Exception {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "alerts-check-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<JsonNode> messages = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            Instant deadline = Instant.now().plusSeconds(20);
            while (messages.size() < 3 && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    JsonNode m = JSON.readTree(r.value());
                    if (m.get("leadId").asText().equals(leadId)) {
                        messages.add(m);
                    }
                }
            }
        }
        return messages;
    }

    private static List<KafkaRecord> routed(TopicRouting routing, LeadEvent... events) {
        return java.util.Arrays.stream(events).map(routing::route).toList();
    }

    private static LeadEvent created(String leadId, Instant at) {
        ObjectNode p = JSON.createObjectNode();
        p.put("channel", "web_form");
        p.put("leadSource", "google_ads");
        return new LeadEvent(
                UUID.randomUUID().toString(), LeadEvent.LEAD_CREATED, leadId, at, "web", p);
    }

    private static LeadEvent mql(String leadId, Instant at) {
        ObjectNode p = JSON.createObjectNode();
        p.put("status", "MQL");
        return new LeadEvent(
                UUID.randomUUID().toString(), LeadEvent.LEAD_STATUS_CHANGED, leadId, at, "crm", p);
    }

    private static LeadEvent rfq(String leadId, Instant at) {
        ObjectNode p = JSON.createObjectNode();
        p.put("kind", "rfq");
        p.put("direction", "inbound");
        return new LeadEvent(
                UUID.randomUUID().toString(), LeadEvent.ACTIVITY, leadId, at, "web", p);
    }

    private static LeadEvent call(String leadId, Instant at) {
        ObjectNode p = JSON.createObjectNode();
        p.put("kind", "call");
        p.put("direction", "outbound");
        p.put("actor", "rep-1");
        p.put("disposition", "connected");
        return new LeadEvent(
                UUID.randomUUID().toString(), LeadEvent.ACTIVITY, leadId, at, "crm", p);
    }
}
