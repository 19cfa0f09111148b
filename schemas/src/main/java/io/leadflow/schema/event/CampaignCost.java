package io.leadflow.schema.event;

/** Payload of {@code campaign.cost}: spend of one source/campaign on one UTC day (YYYY-MM-DD). */
public record CampaignCost(
        String day,
        String leadSource,
        String campaign,
        String medium,
        double amount,
        String currency) {}
