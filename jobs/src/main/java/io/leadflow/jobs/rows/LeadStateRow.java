package io.leadflow.jobs.rows;

import io.leadflow.jobs.lifecycle.LeadSnapshot;
import io.leadflow.jobs.lifecycle.RejectedTransition;
import io.leadflow.jobs.lifecycle.Transition;

import java.util.List;

/**
 * A {@code lead_state} upsert: the lead's snapshot with its whole transition history, and its
 * version, the number of distinct events it was derived from. The row depends only on that set of
 * events and the version only grows with it, so whatever order the events arrived in, and however
 * often a restarted job rewrote rows, the row ClickHouse keeps is the one derived from the most
 * events. Transitions live in the same row for that reason: as separate rows, a restart could leave
 * a stale one behind with a higher version than its correction.
 *
 * @param lead the lead after its events
 * @param transitions its transitions, oldest first
 * @param rejections status changes its events asked for and the transition policy refused
 * @param version the number of distinct events applied
 * @param score the lead's score under the active scoring model, for its {@code score_*} columns and
 *     for SLA policies with {@code leads.minScore}; null without scoring or before a score
 */
public record LeadStateRow(
        LeadSnapshot lead,
        List<Transition> transitions,
        List<RejectedTransition> rejections,
        long version,
        LeadStateScore score) {

    /** A row without a score. */
    public LeadStateRow(
            LeadSnapshot lead,
            List<Transition> transitions,
            List<RejectedTransition> rejections,
            long version) {
        this(lead, transitions, rejections, version, null);
    }

    /** The same row with the lead's active score. */
    public LeadStateRow withScore(LeadStateScore activeScore) {
        return new LeadStateRow(lead, transitions, rejections, version, activeScore);
    }
}
