package io.leadflow.jobs.rows;

/**
 * An event that arrived later than the allowed lateness: not applied to its lead, written to {@code
 * late_events} so it is counted and can be inspected.
 */
public record LateEventRow(
        String eventId,
        String leadId,
        String eventType,
        String source,
        long occurredAtMillis,
        long watermarkMillis) {

    public long latenessMillis() {
        return watermarkMillis - occurredAtMillis;
    }
}
