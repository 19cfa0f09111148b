package io.leadflow.schema.event;

/**
 * Lifecycle statuses of a lead (SPEC section 2). A lead has exactly one at a time; contact outcomes
 * such as "no answer" are never statuses.
 */
public enum LeadStatus {
    PROSPECT,
    INQUIRY,
    MQL,
    SAL,
    SQL,
    OPPORTUNITY,
    WON,
    LOST,
    DISQUALIFIED,
    NURTURE,
    RECYCLED
}
