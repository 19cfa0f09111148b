package io.leadflow.jobs.scoring;

import java.io.Serializable;

/**
 * One applied activity as scoring keeps it: only what rules can test, and its place in event order.
 *
 * @param at when it happened, epoch milliseconds
 * @param eventId its event id, the tie-breaker of equal times
 * @param kind the activity kind
 * @param url its page or asset, empty when none
 * @param campaign its campaign, empty when none
 */
public record ScoredActivity(long at, String eventId, String kind, String url, String campaign)
        implements Serializable, Comparable<ScoredActivity> {

    @Override
    public int compareTo(ScoredActivity other) {
        int byTime = Long.compare(at, other.at);
        return byTime != 0 ? byTime : eventId.compareTo(other.eventId);
    }
}
