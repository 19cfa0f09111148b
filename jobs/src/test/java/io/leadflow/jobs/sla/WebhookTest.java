package io.leadflow.jobs.sla;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookTest {

    private HttpServer server;
    private final List<String> received = new CopyOnWriteArrayList<>();

    private URI serve(int failFirst, long delayMillis) throws Exception {
        AtomicInteger calls = new AtomicInteger();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.createContext(
                "/hook",
                exchange -> {
                    byte[] body = exchange.getRequestBody().readAllBytes();
                    try {
                        Thread.sleep(delayMillis);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    int status = calls.incrementAndGet() <= failFirst ? 500 : 200;
                    if (status == 200) {
                        received.add(new String(body, StandardCharsets.UTF_8));
                    }
                    exchange.sendResponseHeaders(status, -1);
                    exchange.close();
                });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void aFailedPostIsRetriedWithBackOff() throws Exception {
        Webhook webhook = new Webhook(serve(2, 0), Duration.ofSeconds(2), 3, 10);
        assertThat(webhook.post("{\"text\":\"hi\"}".getBytes()).get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(received).containsExactly("{\"text\":\"hi\"}");
        assertThat(webhook.delivered()).isEqualTo(1);
    }

    @Test
    void aHangingWebhookNeverHoldsUpTheCallerAndGivesUpAfterItsRetries() throws Exception {
        Webhook webhook = new Webhook(serve(0, 3_000), Duration.ofMillis(200), 1, 2);
        long started = System.nanoTime();
        CompletableFuture<Boolean> first = webhook.post("a".getBytes());
        CompletableFuture<Boolean> second = webhook.post("b".getBytes());
        CompletableFuture<Boolean> third = webhook.post("c".getBytes());
        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .isLessThan(Duration.ofMillis(500));
        assertThat(third.getNow(null)).as("over the in-flight bound: dropped at once").isFalse();
        assertThat(webhook.dropped()).isEqualTo(1);
        assertThat(first.get(10, TimeUnit.SECONDS)).isFalse();
        assertThat(second.get(10, TimeUnit.SECONDS)).isFalse();
        assertThat(webhook.failed()).isEqualTo(2);
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
                        true,
                        "");
        String json = new String(SlackMessage.of(breach), StandardCharsets.UTF_8);
        assertThat(json)
                .startsWith("{\"text\":\":rotating_light: SLA mql-15m breached: lead L1 (rep-7)")
                .contains("\"alert\":{\"alertId\":\"L1/mql-15m/0/BREACH\"");
    }
}
