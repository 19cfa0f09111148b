package io.leadflow.tools.generator;

/**
 * Lifecycle statuses of SPEC section 2, as the simulation walks them. Ground truth records them by
 * {@link #name()} so it compares directly with the strings the job writes to ClickHouse.
 */
enum LeadStatus {
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
    RECYCLED;

    /** Statuses a lead only reaches through {@code opportunity} events, never status_changed. */
    boolean reachedOnlyThroughOpportunity() {
        return this == OPPORTUNITY || this == WON || this == LOST;
    }
}
