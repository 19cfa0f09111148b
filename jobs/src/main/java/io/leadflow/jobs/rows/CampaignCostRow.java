package io.leadflow.jobs.rows;

import io.leadflow.schema.event.CampaignCost;

/**
 * A {@code campaign_costs} upsert keyed by (day, source, campaign); the report's event time is the
 * version, so the latest report of a day's spend wins.
 */
public record CampaignCostRow(String eventId, long reportedAtMillis, CampaignCost cost) {}
