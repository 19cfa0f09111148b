package io.leadflow.jobs.sla;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Decides which alerts page a person through the webhook, and pages them. An alert pages only while
 * it is news ({@link SlaAlert#pageableAt}: live, and its moment less than its rule's {@code
 * freshFor} ago by the wall clock, whatever happened before: a replay, a restart, a pipeline that
 * fell behind), checked when it is offered, again before it is posted and before every retry; and
 * only once: a {@link Ledger} remembers every delivered alert id beyond the job's own state, so a
 * restart that replays the topics from the start (the demo's) or from a checkpoint raises the
 * alerts again but posts none of them twice.
 *
 * <p>Paging never holds up the caller: the ledger is asked and the post is sent asynchronously; at
 * most {@code maxInFlight} alerts are on their way, and one beyond that is dropped rather than
 * queued, because the alerts topic and {@code sla_alerts} are the record and the webhook a
 * convenience. Every outcome (delivered, failed, dropped) is written to the ledger, in batches once
 * a second, and counted; failures and drops are logged at most once per {@code logEvery}, with the
 * counts since the last line, and a last line follows a burst that went quiet. The URL is never
 * logged.
 */
public final class AlertPager implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AlertPager.class);
    private static final int REMEMBERED = 10_000;
    private static final Duration RECORD_EVERY = Duration.ofSeconds(1);

    /** Where deliveries are remembered across restarts; {@code webhook_deliveries} in the job. */
    public interface Ledger {
        /** Whether this alert was delivered before, by any run. */
        boolean delivered(String alertId) throws Exception;

        /** Records what became of some alerts. */
        void record(List<PagingOutcome> outcomes) throws Exception;
    }

    /** What {@link #offer} did with an alert. */
    public enum Decision {
        /** Not news (history, or its freshFor has passed): recorded elsewhere, paged nowhere. */
        STALE,
        /** Offered before to this pager: the first offer pages it. */
        REPEATED,
        /** Too many alerts on their way: dropped, counted and recorded. */
        DROPPED,
        /** On its way, unless the ledger shows an earlier delivery or it stops being news. */
        PAGING
    }

    /**
     * The decision, and for {@link Decision#PAGING} what became of the post (null when it was not
     * posted after all: delivered before, or no longer news).
     */
    public record Offer(Decision decision, CompletableFuture<Webhook.Delivery> delivery) {}

    private final Webhook webhook;
    private final Ledger ledger;
    private final LongSupplier clock;
    private final Semaphore inFlight;
    private final Duration logEvery;
    private final ExecutorService lookups;
    private final ScheduledExecutorService recorder;
    private final Queue<PagingOutcome> unrecorded = new ConcurrentLinkedQueue<>();
    private final Set<CompletableFuture<Webhook.Delivery>> pending = ConcurrentHashMap.newKeySet();
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
    private final FailureLog failureLog = new FailureLog();

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
        this.lookups = Executors.newFixedThreadPool(2, daemon("alert-pager-ledger"));
        this.recorder = Executors.newSingleThreadScheduledExecutor(daemon("alert-pager-record"));
        recorder.scheduleWithFixedDelay(
                () -> {
                    recordOutcomes();
                    failureLog.reportQuietBurst();
                },
                RECORD_EVERY.toMillis(),
                RECORD_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Pages the alert if it is news and was not delivered before. Never blocks. */
    public Offer offer(SlaAlert alert) {
        if (!alert.pageableAt(clock.getAsLong())) {
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
            Webhook.Delivery drop =
                    Webhook.Delivery.dropped("more than the in-flight bound waiting");
            unrecorded.add(new PagingOutcome(alert, drop, clock.getAsLong()));
            failureLog.note(drop);
            return new Offer(Decision.DROPPED, null);
        }
        CompletableFuture<Webhook.Delivery> delivery =
                CompletableFuture.supplyAsync(() -> worthPosting(alert), lookups)
                        .thenCompose(
                                post ->
                                        post
                                                ? webhook.post(
                                                        SlackMessage.of(alert),
                                                        () -> alert.pageableAt(clock.getAsLong()))
                                                : CompletableFuture.completedFuture(
                                                        (Webhook.Delivery) null))
                        .whenComplete(
                                (result, error) -> {
                                    inFlight.release();
                                    if (result != null) {
                                        (result.delivered() ? delivered : failed).incrementAndGet();
                                        if (!result.delivered()) {
                                            failureLog.note(result);
                                        }
                                        unrecorded.add(
                                                new PagingOutcome(
                                                        alert, result, clock.getAsLong()));
                                    }
                                });
        pending.add(delivery);
        delivery.whenComplete((result, error) -> pending.remove(delivery));
        return new Offer(Decision.PAGING, delivery);
    }

    /**
     * Whether to post, decided just before posting: not if the ledger shows an earlier delivery,
     * nor if the alert stopped being news while it waited. A ledger that cannot answer means
     * posting: paging twice beats never paging.
     */
    private boolean worthPosting(SlaAlert alert) {
        boolean before;
        try {
            before = ledger.delivered(alert.alertId());
        } catch (Exception e) {
            failureLog.ledger(e);
            before = false;
        }
        if (before) {
            repeated.incrementAndGet();
            return false;
        }
        if (!alert.pageableAt(clock.getAsLong())) {
            stale.incrementAndGet();
            return false;
        }
        return true;
    }

    private void recordOutcomes() {
        List<PagingOutcome> batch = new ArrayList<>();
        for (PagingOutcome o = unrecorded.poll(); o != null; o = unrecorded.poll()) {
            batch.add(o);
        }
        if (batch.isEmpty()) {
            return;
        }
        try {
            ledger.record(batch);
        } catch (Exception e) {
            failureLog.ledger(e);
        }
    }

    /**
     * Waits up to {@code max} for the alerts on their way, so that a checkpoint completes after
     * their posts rather than before (a failure right after it would otherwise restore state in
     * which they were raised, and they would never be posted).
     */
    public void awaitInFlight(Duration max) throws InterruptedException {
        List<CompletableFuture<Webhook.Delivery>> now = List.copyOf(pending);
        if (now.isEmpty()) {
            return;
        }
        try {
            CompletableFuture.allOf(now.toArray(CompletableFuture[]::new))
                    .get(max.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            // Still on their way, or failed (counted and logged where they failed).
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

    /** Lets the posts on their way finish (a few seconds at most) and records their outcomes. */
    @Override
    public void close() {
        try {
            awaitInFlight(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        recorder.shutdownNow();
        lookups.shutdownNow();
        recordOutcomes();
        failureLog.reportQuietBurst();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** Failure lines at most once per {@code logEvery}, with what happened since the last one. */
    private final class FailureLog {
        private long lastLine = Long.MIN_VALUE;
        private long lastLedgerLine = Long.MIN_VALUE;
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
            if (due(lastLine)) {
                line();
            }
        }

        /** The failures since the last line, once that line is old enough and nothing followed. */
        synchronized void reportQuietBurst() {
            if (failuresSince > 0 && due(lastLine)) {
                line();
            }
        }

        synchronized void ledger(Exception e) {
            if (due(lastLedgerLine)) {
                LOG.warn(
                        "webhook: the delivery ledger is unavailable ({}); alerts are paged"
                                + " without checking for earlier deliveries, and outcomes may be"
                                + " unrecorded",
                        e.getMessage());
                lastLedgerLine = clock.getAsLong();
            }
        }

        private boolean due(long last) {
            return last == Long.MIN_VALUE || clock.getAsLong() - last >= logEvery.toMillis();
        }

        private void line() {
            LOG.warn(
                    "webhook: {} alert(s) not delivered since the last report (last: {}); in all"
                            + " {} delivered, {} failed, {} dropped. The alerts topic and sla_alerts"
                            + " hold every alert; webhook_deliveries has each outcome",
                    failuresSince,
                    lastFailure,
                    delivered.get(),
                    failed.get(),
                    dropped.get());
            lastLine = clock.getAsLong();
            failuresSince = 0;
        }
    }
}
