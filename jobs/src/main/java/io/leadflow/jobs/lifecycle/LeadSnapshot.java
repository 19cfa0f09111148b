package io.leadflow.jobs.lifecycle;

/**
 * Everything known about a lead after applying its events: the content of a {@code lead_state} row.
 * Timestamps are epoch milliseconds; null means "never happened". {@code qualifiedAt} is when the
 * lead first reached MQL or a later funnel stage; the last touch is the latest attributed marketing
 * touch (its capture, or an inbound activity naming a source or campaign) up to that moment, or up
 * to now while the lead is not qualified yet. {@code attemptsToConnect} counts the contact attempts
 * up to and including the first connect (null until then); {@code handoffsBeforeContact} counts
 * re-assignments to another owner before the first contact attempt.
 *
 * <p>Speed to lead: {@code responseStartedAt} is when sales first owed the lead a response (its
 * first entry into INQUIRY up to OPPORTUNITY; a purchased-list PROSPECT that never engaged, or a
 * lead disqualified at capture, never starts it); {@code firstResponseAt} is the first outbound
 * contact attempt applied after that, with the owner and team who made it; {@code
 * firstAttemptAfterQualifiedAt} the first attempt after {@code qualifiedAt}, so an attempt before
 * the lead qualified is never an instant reply to it. {@code lastSalesTouchAt} is the latest
 * outbound activity (the lead's own page views do not count); {@code cycleStartedAt} when the
 * current cycle began.
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
        int handoffsBeforeContact,
        Long cycleStartedAt,
        Long responseStartedAt,
        Long firstResponseAt,
        String firstResponseOwner,
        String firstResponseTeam,
        Long firstAttemptAfterQualifiedAt,
        Long lastSalesTouchAt) {}
