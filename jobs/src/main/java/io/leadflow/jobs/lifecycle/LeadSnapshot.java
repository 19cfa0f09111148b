package io.leadflow.jobs.lifecycle;

/**
 * Everything known about a lead after applying its events: the content of a {@code lead_state} row.
 * Timestamps are epoch milliseconds; null means "never happened". {@code qualifiedAt} is when the
 * lead first reached MQL or a later funnel stage; the last touch is the latest attributed marketing
 * touch (its capture, or an inbound activity naming a source or campaign) up to that moment, or up
 * to now while the lead is not qualified yet. {@code attemptsToConnect} counts the contact attempts
 * up to and including the first connect (null until then); {@code handoffsBeforeContact} counts
 * re-assignments to another owner before the first contact attempt.
 */
public record LeadSnapshot(
        String leadId,
        String status,
        ContactStatus contactStatus,
        int cycle,
        String statusReason,
        String source,
        String channel,
        String leadSource,
        String campaign,
        String medium,
        String landingPage,
        String owner,
        String team,
        String territory,
        String company,
        String industry,
        String country,
        String segment,
        Integer employees,
        Long createdAt,
        Long statusChangedAt,
        Long assignedAt,
        int assignments,
        Long firstActivityAt,
        Long lastActivityAt,
        int activityCount,
        int contactAttempts,
        Long firstAttemptAt,
        Long firstConnectAt,
        String lastDisposition,
        String opportunityId,
        Double opportunityAmount,
        String opportunityCurrency,
        long lastEventAt,
        int eventsApplied,
        Long qualifiedAt,
        String lastTouchSource,
        String lastTouchCampaign,
        String lastTouchMedium,
        Long lastTouchAt,
        Integer attemptsToConnect,
        int handoffsBeforeContact) {}
