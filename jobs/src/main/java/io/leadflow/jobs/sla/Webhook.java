package io.leadflow.jobs.sla;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Posts JSON to a webhook without ever holding up the caller: each post runs asynchronously with a
 * timeout per attempt and retries with growing back-off; at most {@code maxInFlight} posts are
 * pending, and a post beyond that is dropped and counted rather than queued. A webhook is a
 * convenience for people; the alerts topic and {@code sla_alerts} are the record.
 */
public final class Webhook {

    private final URI url;
    private final Duration timeout;
    private final int retries;
    private final Semaphore inFlight;
    private final HttpClient client;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    /**
     * @param url where to POST
     * @param timeout how long one attempt may take
     * @param retries attempts after the first before giving up
     * @param maxInFlight posts pending at most
     */
    public Webhook(URI url, Duration timeout, int retries, int maxInFlight) {
        this.url = url;
        this.timeout = timeout;
        this.retries = retries;
        this.inFlight = new Semaphore(maxInFlight);
        this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** Starts posting {@code body}; completes with whether it was delivered. Never blocks. */
    public CompletableFuture<Boolean> post(byte[] body) {
        if (!inFlight.tryAcquire()) {
            dropped.incrementAndGet();
            return CompletableFuture.completedFuture(false);
        }
        return attempt(body, 0)
                .whenComplete(
                        (ok, error) -> {
                            inFlight.release();
                            (Boolean.TRUE.equals(ok) ? delivered : failed).incrementAndGet();
                        });
    }

    private CompletableFuture<Boolean> attempt(byte[] body, int attempt) {
        HttpRequest request =
                HttpRequest.newBuilder(url)
                        .timeout(timeout)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .handle((response, error) -> error == null && response.statusCode() / 100 == 2)
                .thenCompose(
                        ok -> {
                            if (ok || attempt >= retries) {
                                return CompletableFuture.completedFuture(ok);
                            }
                            long backoffMillis = 200L << Math.min(attempt, 6);
                            return CompletableFuture.supplyAsync(
                                            () -> null,
                                            CompletableFuture.delayedExecutor(
                                                    backoffMillis, TimeUnit.MILLISECONDS))
                                    .thenCompose(ignored -> attempt(body, attempt + 1));
                        });
    }

    public long delivered() {
        return delivered.get();
    }

    public long failed() {
        return failed.get();
    }

    public long dropped() {
        return dropped.get();
    }
}
