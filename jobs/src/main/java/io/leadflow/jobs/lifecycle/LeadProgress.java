package io.leadflow.jobs.lifecycle;

import java.util.List;

/**
 * How far a lead's derivation has got: the lead after a prefix of its events in {@link EventOrder},
 * with what is needed to apply the next one. The lifecycle operator keeps two: the lead after every
 * event it holds (so an event in order is applied in O(1)), and the lead after the events it folded
 * away behind the lateness horizon (the base an out-of-order event re-derives from). Deriving from
 * a progress plus the events after it gives the same lead as deriving from all events.
 *
 * @param lead the lead after the prefix
 * @param furthestRank funnel rank of the furthest stage reached in the current cycle, or -1
 * @param badContactData whether a contact attempt revealed bad contact data
 * @param unsubscribed whether the lead withdrew email consent (lead.updated) or unsubscribed, as of
 *     its latest word on it
 * @param doNotCall whether the lead withdrew phone consent
 * @param transitions the transitions the prefix produced, oldest first; at most {@link
 *     LeadLifecycle#MAX_TRANSITIONS}, the newest kept
 * @param nextSeq the seq the next transition gets (all transitions ever derived, kept or not)
 * @param rejections the status changes the prefix asked for and the policy refused
 * @param lastAtMillis event time of the last event of the prefix
 * @param lastEventId eventId of the last event (with its time, the position of the prefix)
 * @param lastWasCreation whether the last event was the lead's creation
 */
public record LeadProgress(
        LeadSnapshot lead,
        int furthestRank,
        boolean badContactData,
        boolean unsubscribed,
        boolean doNotCall,
        List<Transition> transitions,
        int nextSeq,
        List<RejectedTransition> rejections,
        long lastAtMillis,
        String lastEventId,
        boolean lastWasCreation) {}
