package io.leadflow.e2e;

import io.leadflow.e2e.testing.ChatWebhook;
import io.leadflow.e2e.testing.ClickHouseExtension;
import io.leadflow.e2e.testing.ClickHouseServer;
import io.leadflow.e2e.testing.KafkaExtension;
import io.leadflow.e2e.testing.KafkaServer;
import io.leadflow.generator.KafkaRecord;
import io.leadflow.generator.LeadEvent;
import io.leadflow.jobs.config.LeadflowConfig;
import io.leadflow.schema.clickhouse.ClickHouseHttp;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A restart must not page anybody twice. The job pages live hot leads through a real webhook, is
 * stopped, and started again from nothing, as the demo does on every run: it replays the topics,
 * raises every alert again, and posts none of them a second time, while the one post that had
 * failed (and is still news) is delivered now and a new hot lead is paged at once. Every outcome is
 * a row of {@code webhook_deliveries}.
 */
@ExtendWith({KafkaExtension.class, ClickHouseExtension.class})
class AlertPagingEndToEndIT {

    @RegisterExtension static final MiniClusterExtension FLINK = TestPipelines.miniCluster();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int LEADS = 12;

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void aRestartThatReplaysTheTopicsPagesNobodyTwice(
            KafkaServer kafka, ClickHouseServer clickHouse, @TempDir Path dir) throws Exception {
        TestPipelines.Run base = TestPipelines.create(kafka, clickHouse, dir, "paging");
        try (ChatWebhook webhook = new ChatWebhook(1)) {
            TestPipelines.Run withRules =
                    base.withRules(
                            "{\"hotLeads\": [{\"name\": \"rfq\", \"activities\": [\"rfq\"]}]}");
            LeadflowConfig c = withRules.config();
            LeadflowConfig config =
                    c.withSla(c.sla().withWebhook(webhook.url()).withWebhookRetries(0));
            TestPipelines.Run run = base.withConfig(config);
            ClickHouseHttp ch = run.clickHouse();
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            List<KafkaRecord> hot = new ArrayList<>();
            for (int i = 0; i < LEADS; i++) {
                hot.addAll(hotLead("hot-" + i + "-" + run.id(), now, run));
            }
            run.send(hot);

            JobClient first = run.start(null);
            try {
                boolean allPosted = TestPipelines.await(() -> outcomes(ch) == LEADS, 90);
                assertThat(allPosted)
                        .as(
                                "every hot lead's post has an outcome; alerts %s, outcomes %s,"
                                        + " webhook got %s",
                                ch.query(
                                        "SELECT kind, live, count() AS n FROM sla_alerts GROUP BY kind, live"),
                                ch.query(
                                        "SELECT outcome, error, count() AS n FROM webhook_deliveries GROUP BY outcome, error"),
                                webhook.texts()
                                        + " leads "
                                        + ch.query("SELECT count() AS n FROM lead_state")
                                        + " dead "
                                        + ch.query("SELECT reason FROM dead_letters"))
                        .isTrue();
            } finally {
                first.cancel().get(30, TimeUnit.SECONDS);
            }
            assertThat(webhook.texts()).hasSize(LEADS - 1);
            assertThat(webhook.failures()).isEqualTo(1);
            assertThat(count(ch, "outcome = 'FAILED' AND error = 'HTTP 503' AND attempts = 1"))
                    .isEqualTo(1);

            // Started again from nothing: new consumer group, no checkpoint, topics from the start.
            long restartedAt = Instant.now().getEpochSecond();
            LeadflowConfig again =
                    config.withKafka(
                            config.kafka().withGroupId(config.kafka().groupId() + "-again"));
            TestPipelines.Run second = run.withConfig(again);
            JobClient job = second.start(null);
            try {
                String fresh = "hot-new-" + run.id();
                second.send(hotLead(fresh, Instant.now().truncatedTo(ChronoUnit.SECONDS), run));
                assertThat(
                                TestPipelines.await(
                                        () ->
                                                ch.queryLong(
                                                                "SELECT count() FROM sla_alerts"
                                                                        + " WHERE kind = 'HOT_LEAD'"
                                                                        + " AND live = 1 AND"
                                                                        + " toUInt32(raised_at) >= "
                                                                        + restartedAt)
                                                        >= LEADS + 1,
                                        90))
                        .as("the restarted job raised every alert again")
                        .isTrue();
                assertThat(
                                TestPipelines.await(
                                        () -> count(ch, "outcome = 'DELIVERED'") == LEADS + 1, 30))
                        .isTrue();
                // The webhook sink sees each alert when sla_alerts does; give it time to repeat.
                Thread.sleep(5_000);
                assertThat(webhook.texts())
                        .as("the failed one and the new one, nothing twice")
                        .hasSize(LEADS + 1)
                        .doesNotHaveDuplicates()
                        .anyMatch(t -> t.contains(fresh));
            } finally {
                job.cancel().get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static long outcomes(ClickHouseHttp ch) {
        return ch.queryLong("SELECT uniqExact(alert_id) FROM webhook_deliveries");
    }

    private static long count(ClickHouseHttp ch, String where) {
        return ch.queryLong("SELECT count() FROM webhook_deliveries FINAL WHERE " + where);
    }

    /** A lead captured now that asks for a quote at once. */
    private static List<KafkaRecord> hotLead(String leadId, Instant at, TestPipelines.Run run) {
        ObjectNode created = JSON.createObjectNode();
        created.put("channel", "web_form");
        created.put("owner", "rep-1");
        ObjectNode rfq = JSON.createObjectNode();
        rfq.put("kind", "rfq");
        rfq.put("direction", "inbound");
        return List.of(
                run.routing()
                        .route(
                                new LeadEvent(
                                        UUID.randomUUID().toString(),
                                        LeadEvent.LEAD_CREATED,
                                        leadId,
                                        at,
                                        "web",
                                        created)),
                run.routing()
                        .route(
                                new LeadEvent(
                                        UUID.randomUUID().toString(),
                                        LeadEvent.ACTIVITY,
                                        leadId,
                                        at.plusSeconds(1),
                                        "web",
                                        rfq)));
    }
}
