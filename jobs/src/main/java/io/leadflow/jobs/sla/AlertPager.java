package io.leadflow.jobs.sla;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Decides which alerts page a person through the webhook, and pages them. An alert pages only while
 * it is news ({@link SlaAlert#pageableAt}: live, and its moment less than its rule's {@code
 * freshFor} ago by the wall clock, whatever happened before: a replay, a restart, a pipeline that
 * fell behind) and only once: a {@link Ledger} remembers every delivered alert id beyond the job's
 * own state, so a restart that replays the topics from the start (the demo's) or from a checkpoint
 * raises the alerts again but posts none of them twice.
 *
 * <p>Paging never holds up the caller: the ledger is asked and the post is sent asynchronously; at
 * most {@code maxInFlight} alerts are on their way, and one beyond that is dropped and counted
 * rather than queued, because the alerts topic and {@code sla_alerts} are the record and the
 * webhook a convenience. Every outcome is recorded in the ledger and counted; failures and drops
 * are logged, at most once a minute with the counts since the last line, never with the URL.
 */
public final class AlertPager implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AlertPager.class);
    private static final int REMEMBERED = 10_000;

    /** Where deliveries are remembered across restarts; {@code webhook_deliveries} in the job. */
    public interface Ledger {
        /** Whether this alert was delivered before, by any run. */
        boolean delivered(String alertId) throws Exception;

        /** Records what became of a post of this alert. */
        void record(SlaAlert alert, Webhook.Delivery delivery, long finishedAtMillis)
                throws Exception;
    }

    private final Webhook webhook;
    private final Ledger ledger;
    private final LongSupplier clock;
    private final Semaphore inFlight;
    private final Duration logEvery;
    private final ExecutorService io;
    private final Map<String, Boolean> offered =
            new LinkedHashMap<>(16, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > REMEMBERED;
                }
            };
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong stale = new AtomicLong();
    private final AtomicLong repeated = new AtomicLong();
    private final FailureLog failureLog;

    /**
     * @param webhook where alerts are posted
     * @param ledger what was delivered before
     * @param clock the wall clock, epoch ms
     * @param maxInFlight alerts on their way at most
     * @param logEvery least time between two failure log lines
     */
    public AlertPager(
            Webhook webhook,
            Ledger ledger,
            LongSupplier clock,
            int maxInFlight,
            Duration logEvery) {
        this.webhook = webhook;
        this.ledger = ledger;
        this.clock = clock;
        this.inFlight = new Semaphore(maxInFlight);
        this.logEvery = logEvery;
        this.failureLog = new FailureLog();
        this.io =
                Executors.newFixedThreadPool(
                        2,
                        r -> {
                            Thread t = new Thread(r, "alert-pager-ledger");
                            t.setDaemon(true);
                            return t;
                        });
    }

    /** What {@link #offer} did with an alert. */
    public enum Decision {
        /** Not news (history, or its freshFor has passed): recorded elsewhere, paged nowhere. */
        STALE,
        /** Offered before to this pager: the first offer pages it. */
        REPEATED,
        /** Too many alerts on their way: dropped and counted. */
        DROPPED,
        /** On its way (unless the ledger shows an earlier delivery); see the returned future. */
        PAGING
    }

    /** The decision, and for {@link Decision#PAGING} what became of the post. */
    public record Offer(Decision decision, CompletableFuture<Webhook.Delivery> delivery) {}

    /** Pages the alert if it is news and was not delivered before. Never blocks. */
    public Offer offer(SlaAlert alert) {
        long now = clock.getAsLong();
        if (!alert.pageableAt(now)) {
            stale.incrementAndGet();
            return new Offer(Decision.STALE, null);
        }
        synchronized (offered) {
            if (offered.put(alert.alertId(), Boolean.TRUE) != null) {
                repeated.incrementAndGet();
                return new Offer(Decision.REPEATED, null);
            }
        }
        if (!inFlight.tryAcquire()) {
            dropped.incrementAndGet();
            failureLog.note(Webhook.Delivery.dropped("more than the in-flight bound waiting"));
            return new Offer(Decision.DROPPED, null);
        }
        CompletableFuture<Webhook.Delivery> delivery =
                CompletableFuture.supplyAsync(() -> deliveredBefore(alert), io)
                        .thenCompose(
                                before ->
                                        before
                                                ? CompletableFuture.completedFuture(
                                                        (Webhook.Delivery) null)
                                                : webhook.post(SlackMessage.of(alert)))
                        .thenApplyAsync(
                                result -> {
                                    if (result == null) {
                                        repeated.incrementAndGet();
                                        return null;
                                    }
                                    (result.delivered() ? delivered : failed).incrementAndGet();
                                    if (!result.delivered()) {
                                        failureLog.note(result);
                                    }
                                    record(alert, result);
                                    return result;
                                },
                                io)
                        .whenComplete((result, error) -> inFlight.release());
        return new Offer(Decision.PAGING, delivery);
    }

    /** Asks the ledger; if it cannot answer, pages anyway: paging twice beats never paging. */
    private boolean deliveredBefore(SlaAlert alert) {
        try {
            return ledger.delivered(alert.alertId());
        } catch (Exception e) {
            failureLog.ledger(e);
            return false;
        }
    }

    private void record(SlaAlert alert, Webhook.Delivery result) {
        try {
            ledger.record(alert, result, clock.getAsLong());
        } catch (Exception e) {
            failureLog.ledger(e);
        }
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

    /** Alerts not paged because they were no longer news. */
    public long stale() {
        return stale.get();
    }

    /** Alerts not paged because they were offered or delivered before. */
    public long repeated() {
        return repeated.get();
    }

    @Override
    public void close() {
        io.shutdownNow();
    }

    /** Failure lines at most once per {@code logEvery}, with what happened since the last one. */
    private final class FailureLog {
        private long lastLine = Long.MIN_VALUE;
        private long failuresSince;
        private String lastFailure = "";

        synchronized void note(Webhook.Delivery failure) {
            failuresSince++;
            lastFailure =
                    failure.outcome() == Webhook.Delivery.Outcome.DROPPED
                            ? "dropped: " + failure.error()
                            : failure.error()
                                    + " after "
                                    + failure.attempts()
                                    + (failure.attempts() == 1 ? " attempt" : " attempts");
            long now = clock.getAsLong();
            if (lastLine == Long.MIN_VALUE || now - lastLine >= logEvery.toMillis()) {
                LOG.warn(
                        "webhook: {} alert(s) not delivered since the last report (last: {});"
                                + " in all {} delivered, {} failed, {} dropped. The alerts topic"
                                + " and sla_alerts hold every alert; webhook_deliveries has each"
                                + " outcome",
                        failuresSince,
                        lastFailure,
                        delivered.get(),
                        failed.get(),
                        dropped.get());
                lastLine = now;
                failuresSince = 0;
            }
        }

        synchronized void ledger(Exception e) {
            long now = clock.getAsLong();
            if (lastLine == Long.MIN_VALUE || now - lastLine >= logEvery.toMillis()) {
                LOG.warn(
                        "webhook: the delivery ledger is unavailable ({}); alerts are paged"
                                + " without checking for earlier deliveries",
                        e.getMessage());
                lastLine = now;
            }
        }
    }
}
