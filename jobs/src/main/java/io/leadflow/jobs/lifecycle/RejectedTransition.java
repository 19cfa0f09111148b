package io.leadflow.jobs.lifecycle;

/**
 * A status change that the {@link TransitionPolicy} refused: the event is kept and counted, but the
 * lead's status did not move. Derived like transitions, so a late event that makes the change
 * allowed (a recycle before it, say) removes the rejection again.
 *
 * @param eventId the event that asked for the change
 * @param eventType its type (lead.status_changed or opportunity)
 * @param occurredAtMillis its event time
 * @param fromStatus the lead's status at that time
 * @param toStatus the status asked for
 * @param reason why it was refused, naming the rule
 */
public record RejectedTransition(
        String eventId,
        String eventType,
        long occurredAtMillis,
        String fromStatus,
        String toStatus,
        String reason) {}
