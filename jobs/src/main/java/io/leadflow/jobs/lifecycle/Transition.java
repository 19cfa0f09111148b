package io.leadflow.jobs.lifecycle;

/**
 * One status change of a lead, at position {@code seq} of its event-time history. The creation of a
 * lead is a transition from the empty status.
 */
public record Transition(
        int seq,
        int cycle,
        String fromStatus,
        String toStatus,
        long occurredAtMillis,
        String eventId,
        String eventType,
        String actor,
        String reason,
        boolean implied) {}
