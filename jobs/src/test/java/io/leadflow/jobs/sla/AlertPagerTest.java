package io.leadflow.jobs.sla;

import io.leadflow.jobs.testing.LocalWebhook;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which alerts page somebody: only news, only once across restarts (the ledger outlives the job's
 * state), failures counted and recorded, a full queue dropping instead of waiting.
 */
class AlertPagerTest {

    private static final long NOW = 1_767_261_600_000L; // 2026-01-01T10:00:00Z
    private static final long HOUR = 3_600_000L;

    private LocalWebhook server;
    private final AtomicInteger status = new AtomicInteger(200);
    private final AtomicLong clock = new AtomicLong(NOW);
    private final MemoryLedger ledger = new MemoryLedger();

    /** The ledger as the job keeps it in webhook_deliveries, in memory. */
    static final class MemoryLedger implements AlertPager.Ledger {
        final Map<String, Webhook.Delivery> outcomes = new ConcurrentHashMap<>();
        volatile boolean down;
        volatile Runnable onLookup = () -> {};

        @Override
        public boolean delivered(String alertId) {
            onLookup.run();
            if (down) {
                throw new IllegalStateException("ClickHouse unavailable");
            }
            Webhook.Delivery d = outcomes.get(alertId);
            return d != null && d.delivered();
        }

        @Override
        public void record(List<PagingOutcome> batch) {
            if (down) {
                throw new IllegalStateException("ClickHouse unavailable");
            }
            for (PagingOutcome o : batch) {
                // As in webhook_deliveries: a delivery outranks every later outcome.
                outcomes.merge(
                        o.alert().alertId(),
                        o.delivery(),
                        (old, now) -> old.delivered() ? old : now);
            }
        }
    }

    private URI serve(long delayMillis) {
        server = new LocalWebhook(call -> status.get(), delayMillis);
        return server.url();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private AlertPager pager(URI url, int maxInFlight) {
        return new AlertPager(
                new Webhook(url, Duration.ofMillis(500), 0),
                ledger,
                clock::get,
                maxInFlight,
                Duration.ofMinutes(1));
    }

    private static SlaAlert hotLead(String id, long momentMillis, long raisedAtMillis) {
        return new SlaAlert(
                id,
                SlaAlert.Kind.HOT_LEAD,
                "rfq",
                "L-" + id,
                "rep-1",
                "team",
                "rep-1",
                momentMillis,
                momentMillis,
                null,
                raisedAtMillis,
                SlaAlert.freshUntil(momentMillis, Duration.ofHours(1)),
                "rfq");
    }

    @Test
    void pagesNewsOnceAndRemembersItAcrossARestart() throws Exception {
        URI url = serve(0);
        SlaAlert alert = hotLead("a", NOW - 60_000, NOW);
        try (AlertPager first = pager(url, 10)) {
            AlertPager.Offer offer = first.offer(alert);
            assertThat(offer.decision()).isEqualTo(AlertPager.Decision.PAGING);
            assertThat(offer.delivery().get(5, TimeUnit.SECONDS).delivered()).isTrue();
            assertThat(first.offer(alert).decision())
                    .as("offered twice in one run")
                    .isEqualTo(AlertPager.Decision.REPEATED);
        }
        // A restart raises the same alert again, from fresh state: the ledger remembers.
        try (AlertPager afterRestart = pager(url, 10)) {
            AlertPager.Offer again = afterRestart.offer(hotLead("a", NOW - 60_000, NOW + 5_000));
            assertThat(again.decision()).isEqualTo(AlertPager.Decision.PAGING);
            assertThat(again.delivery().get(5, TimeUnit.SECONDS)).as("not posted").isNull();
            assertThat(afterRestart.repeated()).isEqualTo(1);
            assertThat(afterRestart.delivered()).isZero();
        }
        assertThat(server.received()).hasSize(1);
    }

    @Test
    void neverPagesWhatIsNoLongerNews() throws Exception {
        URI url = serve(0);
        try (AlertPager pager = pager(url, 10)) {
            // Raised in time, but the pipeline fell behind: the sink sees it two hours later.
            SlaAlert delayed = hotLead("late", NOW, NOW + 1_000);
            clock.set(NOW + 2 * HOUR);
            assertThat(pager.offer(delayed).decision()).isEqualTo(AlertPager.Decision.STALE);
            // Found in replayed history: not live when raised.
            SlaAlert history = hotLead("history", NOW - 3 * HOUR, NOW + 2 * HOUR);
            assertThat(history.live()).isFalse();
            assertThat(pager.offer(history).decision()).isEqualTo(AlertPager.Decision.STALE);
            SlaAlert never =
                    new SlaAlert(
                            "resolved",
                            SlaAlert.Kind.RESOLVED,
                            "p",
                            "L",
                            "",
                            "",
                            "",
                            NOW,
                            NOW,
                            NOW,
                            NOW + 2 * HOUR,
                            SlaAlert.NEVER,
                            "");
            assertThat(pager.offer(never).decision()).isEqualTo(AlertPager.Decision.STALE);
            assertThat(pager.stale()).isEqualTo(3);
        }
        assertThat(server.received()).isEmpty();
    }

    @Test
    void failuresAreCountedRecordedAndRetriedByALaterRun() throws Exception {
        URI url = serve(0);
        status.set(503);
        SlaAlert alert = hotLead("f", NOW, NOW);
        try (AlertPager pager = pager(url, 10)) {
            Webhook.Delivery failed = pager.offer(alert).delivery().get(5, TimeUnit.SECONDS);
            assertThat(failed.outcome()).isEqualTo(Webhook.Delivery.Outcome.FAILED);
            assertThat(pager.failed()).isEqualTo(1);
        }
        assertThat(ledger.outcomes.get("f").error()).isEqualTo("HTTP 503");
        status.set(200);
        try (AlertPager later = pager(url, 10)) {
            assertThat(later.offer(alert).delivery().get(5, TimeUnit.SECONDS).delivered())
                    .as("still news, never delivered: paged now")
                    .isTrue();
        }
        assertThat(ledger.outcomes.get("f").delivered()).isTrue();
        assertThat(server.received()).hasSize(1);
    }

    @Test
    void aLedgerThatCannotAnswerPagesRatherThanStaysSilent() throws Exception {
        URI url = serve(0);
        ledger.down = true;
        try (AlertPager pager = pager(url, 10)) {
            assertThat(
                            pager.offer(hotLead("x", NOW, NOW))
                                    .delivery()
                                    .get(5, TimeUnit.SECONDS)
                                    .delivered())
                    .isTrue();
        }
        assertThat(server.received()).hasSize(1);
    }

    @Test
    void beyondTheInFlightBoundAlertsAreDroppedNotQueued() throws Exception {
        URI url = serve(1_500);
        try (AlertPager pager = pager(url, 2)) {
            long started = System.nanoTime();
            List<AlertPager.Offer> offers = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                offers.add(pager.offer(hotLead("d" + i, NOW, NOW)));
            }
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .as("never waits for the webhook's 1.5 s answers")
                    .isLessThan(Duration.ofMillis(1_000));
            assertThat(offers)
                    .extracting(AlertPager.Offer::decision)
                    .containsExactly(
                            AlertPager.Decision.PAGING,
                            AlertPager.Decision.PAGING,
                            AlertPager.Decision.DROPPED,
                            AlertPager.Decision.DROPPED,
                            AlertPager.Decision.DROPPED);
            assertThat(pager.dropped()).isEqualTo(3);
            for (AlertPager.Offer offer : offers.subList(0, 2)) {
                // 1.5 s answers against a 0.5 s timeout: failed, counted.
                assertThat(offer.delivery().get(10, TimeUnit.SECONDS).outcome())
                        .isEqualTo(Webhook.Delivery.Outcome.FAILED);
            }
            assertThat(pager.failed()).isEqualTo(2);
        }
        assertThat(ledger.outcomes.values())
                .extracting(Webhook.Delivery::outcome)
                .as("every outcome recorded, drops included")
                .containsExactlyInAnyOrder(
                        Webhook.Delivery.Outcome.FAILED,
                        Webhook.Delivery.Outcome.FAILED,
                        Webhook.Delivery.Outcome.DROPPED,
                        Webhook.Delivery.Outcome.DROPPED,
                        Webhook.Delivery.Outcome.DROPPED);
    }

    @Test
    void anAlertThatStopsBeingNewsWhileWaitingIsNotPosted() throws Exception {
        URI url = serve(0);
        // The ledger takes so long that the alert's hour passes meanwhile.
        ledger.onLookup = () -> clock.addAndGet(2 * HOUR);
        try (AlertPager pager = pager(url, 10)) {
            AlertPager.Offer offer = pager.offer(hotLead("slow", NOW, NOW));
            assertThat(offer.decision()).isEqualTo(AlertPager.Decision.PAGING);
            assertThat(offer.delivery().get(5, TimeUnit.SECONDS)).as("not posted").isNull();
            assertThat(pager.stale()).isEqualTo(1);
        }
        assertThat(server.received()).isEmpty();
    }

    @Test
    void failuresAreLoggedAtMostOnceAMinuteWithTheirCountsButNeverTheUrl() throws Exception {
        URI url = serve(0);
        status.set(503);
        List<String> lines = new CopyOnWriteArrayList<>();
        org.apache.logging.log4j.core.Logger logger =
                (org.apache.logging.log4j.core.Logger)
                        org.apache.logging.log4j.LogManager.getLogger(AlertPager.class);
        org.apache.logging.log4j.core.appender.AbstractAppender capture =
                new org.apache.logging.log4j.core.appender.AbstractAppender(
                        "capture", null, null, true, null) {
                    @Override
                    public void append(org.apache.logging.log4j.core.LogEvent event) {
                        lines.add(
                                event.getLevel() + " " + event.getMessage().getFormattedMessage());
                    }
                };
        capture.start();
        logger.addAppender(capture);
        try (AlertPager pager = pager(url, 10)) {
            for (int i = 0; i < 5; i++) {
                pager.offer(hotLead("w" + i, NOW, NOW)).delivery().get(5, TimeUnit.SECONDS);
            }
            assertThat(lines).as("five failures in a minute: one line").hasSize(1);
            assertThat(lines.get(0))
                    .startsWith("WARN webhook: 1 alert(s) not delivered")
                    .contains("HTTP 503 after 1 attempt")
                    .doesNotContain(url.toString())
                    .doesNotContain(String.valueOf(url.getPort()));
            // The burst goes quiet; once a minute has passed, its count is reported anyway.
            clock.addAndGet(61_000);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (lines.size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(lines).hasSize(2);
            assertThat(lines.get(1))
                    .startsWith("WARN webhook: 4 alert(s) not delivered since the last report")
                    .contains("in all 0 delivered, 5 failed, 0 dropped");
            Thread.sleep(1_500);
            assertThat(lines).as("nothing new, nothing more").hasSize(2);
        } finally {
            logger.removeAppender(capture);
        }
    }
}
