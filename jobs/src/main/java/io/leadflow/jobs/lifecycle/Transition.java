package io.leadflow.jobs.lifecycle;

/**
 * One status change of a lead, at position {@code seq} of its event-time history. The creation of a
 * lead is a transition from the empty status. A change caused by an {@code opportunity} event
 * carries that opportunity's amount (the event's, else the latest the opportunity had) and
 * currency, so a win counts with the amount it was won for whatever happens to the lead later;
 * other changes carry none (null amount, empty currency).
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
        boolean implied,
        Double amount,
        String currency) {}
