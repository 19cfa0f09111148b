package io.leadflow.generator;

import java.time.Instant;

/**
 * One expected row of the lead's audit trail: a status change as the lifecycle rules derive it. The
 * creation of a lead is transition 0 from the empty status {@code ""}.
 *
 * @param seq position in event-time order, from 0
 * @param from status before, {@code ""} for the creation
 * @param to status after
 * @param occurredAt event time of the event that caused it
 * @param cycle lead cycle after applying the transition (leaving RECYCLED starts a new one)
 * @param reason reason carried by the status change, null if none
 * @param actor who requested it (status changes only), null otherwise
 */
public record LeadTransition(
        int seq,
        String from,
        String to,
        Instant occurredAt,
        int cycle,
        String reason,
        String actor,
        boolean implied) {}
