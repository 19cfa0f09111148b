package io.leadflow.jobs.lifecycle;

import io.leadflow.schema.event.EventType;
import io.leadflow.schema.event.LeadEvent;

import java.util.Comparator;

/**
 * The order in which a lead's events are applied: event time, then creation before anything else at
 * the same instant, then eventId. It is total, so every arrival order of the same events derives
 * the same history.
 */
public final class EventOrder {

    public static final Comparator<LeadEvent> COMPARATOR =
            Comparator.comparingLong(LeadEvent::occurredAtMillis)
                    .thenComparingInt(e -> e.type() == EventType.LEAD_CREATED ? 0 : 1)
                    .thenComparing(LeadEvent::eventId);

    private EventOrder() {}

    /** Whether {@code e} sorts at or before the last event of {@code progress}. */
    public static boolean atOrBefore(LeadEvent e, LeadProgress progress) {
        if (e.occurredAtMillis() != progress.lastAtMillis()) {
            return e.occurredAtMillis() < progress.lastAtMillis();
        }
        int rank = e.type() == EventType.LEAD_CREATED ? 0 : 1;
        int progressRank = progress.lastWasCreation() ? 0 : 1;
        if (rank != progressRank) {
            return rank < progressRank;
        }
        return e.eventId().compareTo(progress.lastEventId()) <= 0;
    }
}
