package io.leadflow.jobs.rows;

import io.leadflow.jobs.lifecycle.Transition;

/**
 * A {@code lead_transitions} upsert keyed by (leadId, seq). {@code deleted} marks a position that a
 * late event removed from the history, so the stale row is overwritten rather than left behind.
 */
public record LeadTransitionRow(
        String leadId, Transition transition, boolean deleted, long version) {}
