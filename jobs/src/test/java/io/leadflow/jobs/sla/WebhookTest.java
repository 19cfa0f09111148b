package io.leadflow.jobs.sla;

import io.leadflow.jobs.testing.LocalWebhook;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookTest {

    private LocalWebhook server;

    private URI serve(int failFirst, long delayMillis) {
        server = new LocalWebhook(call -> call <= failFirst ? 500 : 200, delayMillis);
        return server.url();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void aFailedPostIsRetriedWithBackOff() throws Exception {
        Webhook webhook = new Webhook(serve(2, 0), Duration.ofSeconds(2), 3);
        Webhook.Delivery delivery =
                webhook.post("{\"text\":\"hi\"}".getBytes()).get(10, TimeUnit.SECONDS);
        assertThat(delivery.delivered()).isTrue();
        assertThat(delivery.attempts()).isEqualTo(3);
        assertThat(delivery.httpStatus()).isEqualTo(200);
        assertThat(server.received()).containsExactly("{\"text\":\"hi\"}");
    }

    @Test
    void aFailureSaysWhatHappenedButNeverTheUrl() throws Exception {
        URI url = serve(100, 0);
        Webhook.Delivery status =
                new Webhook(url, Duration.ofSeconds(2), 1)
                        .post("a".getBytes())
                        .get(10, TimeUnit.SECONDS);
        assertThat(status.outcome()).isEqualTo(Webhook.Delivery.Outcome.FAILED);
        assertThat(status.attempts()).isEqualTo(2);
        assertThat(status.error()).isEqualTo("HTTP 500");

        server.stop();
        Webhook.Delivery refused =
                new Webhook(url, Duration.ofSeconds(2), 0)
                        .post("a".getBytes())
                        .get(10, TimeUnit.SECONDS);
        assertThat(refused.outcome()).isEqualTo(Webhook.Delivery.Outcome.FAILED);
        assertThat(refused.httpStatus()).isZero();
        assertThat(refused.error())
                .isEqualTo("connection refused")
                .doesNotContain(url.getHost())
                .doesNotContain(String.valueOf(url.getPort()));
    }

    @Test
    void aMessageThatIsNoLongerNewsIsNotRetried() throws Exception {
        Webhook webhook = new Webhook(serve(100, 0), Duration.ofSeconds(2), 3);
        Webhook.Delivery delivery =
                webhook.post("a".getBytes(), () -> false).get(10, TimeUnit.SECONDS);
        assertThat(delivery.outcome()).isEqualTo(Webhook.Delivery.Outcome.FAILED);
        assertThat(delivery.attempts()).isEqualTo(1);
        assertThat(delivery.error()).isEqualTo("HTTP 500; not retried, no longer news");
    }

    @Test
    void aHangingWebhookGivesUpAfterItsRetriesWithoutHoldingUpTheCaller() throws Exception {
        Webhook webhook = new Webhook(serve(0, 3_000), Duration.ofMillis(200), 1);
        long started = System.nanoTime();
        CompletableFuture<Webhook.Delivery> post = webhook.post("a".getBytes());
        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .as("does not wait for the 3 s answer")
                .isLessThan(Duration.ofMillis(1_500));
        Webhook.Delivery delivery = post.get(10, TimeUnit.SECONDS);
        assertThat(delivery.outcome()).isEqualTo(Webhook.Delivery.Outcome.FAILED);
        assertThat(delivery.attempts()).isEqualTo(2);
        assertThat(delivery.error()).isEqualTo("no answer within the timeout");
    }

    @Test
    void theMessageIsSlackCompatible() {
        SlaAlert breach =
                new SlaAlert(
                        "L1/mql-15m/0/BREACH",
                        SlaAlert.Kind.BREACH,
                        "mql-15m",
                        "L1",
                        "rep-7",
                        "team-east",
                        "rep-7",
                        0L,
                        900_000L,
                        null,
                        900_100L,
                        Long.MAX_VALUE,
                        "");
        String json = new String(SlackMessage.of(breach), StandardCharsets.UTF_8);
        assertThat(json)
                .startsWith("{\"text\":\":rotating_light: SLA mql-15m breached: lead L1 (rep-7)")
                .contains("\"alert\":{\"alertId\":\"L1/mql-15m/0/BREACH\"");
    }
}
