package io.leadflow.jobs.sla;

/**
 * What became of paging one alert, a {@code webhook_deliveries} row: delivered, failed after its
 * attempts, or dropped without trying. Keyed by the alert id; a delivered alert is never posted
 * again, by any run, which is why a delivery outranks every other outcome of the same alert ({@link
 * #version()}): a later failed attempt (made because the ledger could not be asked) must not hide
 * it.
 *
 * @param alert the alert
 * @param delivery the outcome, attempts, last HTTP status and error (never the URL)
 * @param finishedAtMillis when the last attempt ended (wall clock)
 */
public record PagingOutcome(SlaAlert alert, Webhook.Delivery delivery, long finishedAtMillis) {

    private static final long DELIVERED_FIRST = 1L << 62;

    /** The row's version: the finishing time, lifted above all others for a delivery. */
    public long version() {
        return delivery.delivered() ? DELIVERED_FIRST + finishedAtMillis : finishedAtMillis;
    }
}
