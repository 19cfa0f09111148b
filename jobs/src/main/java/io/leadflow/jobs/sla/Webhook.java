package io.leadflow.jobs.sla;

import javax.net.ssl.SSLException;

import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Posts JSON to a webhook without ever holding up the caller: each post runs asynchronously with a
 * timeout per attempt and retries with growing back-off, and completes with what became of it. The
 * URL is a secret (a Slack webhook URL is its own credential): nothing this class reports contains
 * it, so failures can be logged and stored.
 */
public final class Webhook {

    /**
     * What became of one post.
     *
     * @param outcome delivered, failed after all attempts, or dropped without trying
     * @param attempts how many requests were sent
     * @param httpStatus the status of the last answer, 0 when there was none
     * @param error why the last attempt failed, in words and without the URL; empty when delivered
     */
    public record Delivery(Outcome outcome, int attempts, int httpStatus, String error) {

        /** Delivered, failed, or dropped before any attempt. */
        public enum Outcome {
            DELIVERED,
            FAILED,
            DROPPED
        }

        /** A post that was never sent, for the given reason. */
        public static Delivery dropped(String why) {
            return new Delivery(Outcome.DROPPED, 0, 0, why);
        }

        public boolean delivered() {
            return outcome == Outcome.DELIVERED;
        }
    }

    private final URI url;
    private final Duration timeout;
    private final int retries;
    private final HttpClient client;

    /**
     * @param url where to POST
     * @param timeout how long one attempt may take
     * @param retries attempts after the first before giving up
     */
    public Webhook(URI url, Duration timeout, int retries) {
        this.url = url;
        this.timeout = timeout;
        this.retries = retries;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** Starts posting {@code body}; completes with what became of it. Never blocks. */
    public CompletableFuture<Delivery> post(byte[] body) {
        return post(body, () -> true);
    }

    /**
     * Like {@link #post(byte[])}, retrying only while {@code worthRetrying} says so: a message that
     * is no longer news is not sent again.
     */
    public CompletableFuture<Delivery> post(byte[] body, BooleanSupplier worthRetrying) {
        return attempt(body, 1, worthRetrying);
    }

    private CompletableFuture<Delivery> attempt(
            byte[] body, int attempt, BooleanSupplier worthRetrying) {
        HttpRequest request =
                HttpRequest.newBuilder(url)
                        .timeout(timeout)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .handle(
                        (response, error) -> {
                            if (error != null) {
                                return new Delivery(
                                        Delivery.Outcome.FAILED, attempt, 0, describe(error));
                            }
                            int status = response.statusCode();
                            return status / 100 == 2
                                    ? new Delivery(Delivery.Outcome.DELIVERED, attempt, status, "")
                                    : new Delivery(
                                            Delivery.Outcome.FAILED,
                                            attempt,
                                            status,
                                            "HTTP " + status);
                        })
                .thenCompose(
                        result -> {
                            if (result.delivered() || attempt > retries) {
                                return CompletableFuture.completedFuture(result);
                            }
                            if (!worthRetrying.getAsBoolean()) {
                                return CompletableFuture.completedFuture(
                                        new Delivery(
                                                result.outcome(),
                                                result.attempts(),
                                                result.httpStatus(),
                                                result.error() + "; not retried, no longer news"));
                            }
                            long backoffMillis = 200L << Math.min(attempt - 1, 6);
                            return CompletableFuture.supplyAsync(
                                            () -> null,
                                            CompletableFuture.delayedExecutor(
                                                    backoffMillis, TimeUnit.MILLISECONDS))
                                    .thenCompose(
                                            ignored -> attempt(body, attempt + 1, worthRetrying));
                        });
    }

    /**
     * Why a request failed, from the kind of failure only: exception messages of the HTTP client
     * may quote the request, and so the secret URL.
     */
    static String describe(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof HttpConnectTimeoutException) {
                return "no connection within the timeout";
            }
            if (t instanceof HttpTimeoutException) {
                return "no answer within the timeout";
            }
            if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
                return "unknown host";
            }
            if (t instanceof ConnectException
                    && !(t.getCause() instanceof UnresolvedAddressException)) {
                return "connection refused";
            }
            if (t instanceof SSLException) {
                return "TLS failed";
            }
        }
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName();
    }
}
