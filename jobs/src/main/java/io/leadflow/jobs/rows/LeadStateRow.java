package io.leadflow.jobs.rows;

import io.leadflow.jobs.lifecycle.LeadSnapshot;

/**
 * A {@code lead_state} upsert: the lead's snapshot and its version, the number of distinct events
 * it was derived from, which only grows, so ClickHouse keeps the newest derivation.
 */
public record LeadStateRow(LeadSnapshot lead, long version) {}
