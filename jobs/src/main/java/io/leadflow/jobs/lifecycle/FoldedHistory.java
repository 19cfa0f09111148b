package io.leadflow.jobs.lifecycle;

import java.util.List;

/**
 * The part of a lead's history that is final and no longer kept as events: the lead as it stood
 * after its oldest events, folded once they fell behind the lateness horizon. Deriving from a
 * folded history plus the remaining events gives the same lead as deriving from all events, because
 * no event that sorts before the fold point can be accepted any more.
 *
 * @param lead the lead after the folded events
 * @param furthestRank funnel rank of the furthest stage reached in the current cycle, or -1
 * @param badContactData whether a folded contact attempt revealed bad contact data
 * @param transitions the transitions the folded events produced, oldest first; at most {@link
 *     LeadLifecycle#MAX_TRANSITIONS}, the newest kept
 * @param nextSeq the seq the next transition gets (all transitions ever derived, kept or not)
 * @param rejections the status changes the folded events asked for and the policy refused
 * @param lastAtMillis event time of the last folded event
 * @param lastEventId eventId of the last folded event (with its time, the fold point)
 * @param lastWasCreation whether the last folded event was the lead's creation
 */
public record FoldedHistory(
        LeadSnapshot lead,
        int furthestRank,
        boolean badContactData,
        List<Transition> transitions,
        int nextSeq,
        List<RejectedTransition> rejections,
        long lastAtMillis,
        String lastEventId,
        boolean lastWasCreation) {}
