package io.leadflow.generator;

import java.time.Instant;
import java.util.List;

/**
 * What a correct job must conclude about one lead after seeing all of its events, computed by the
 * generator from the events it emitted with the lifecycle rules written down in {@link
 * LeadTruthRecorder}. End-to-end tests compare the job's {@code lead_state} and {@code
 * lead_transitions} rows against it.
 *
 * @param leadId the lead
 * @param status final lifecycle status
 * @param contactStatus NOT_CONTACTED, ATTEMPTING, CONNECTED, UNRESPONSIVE or BAD_CONTACT_DATA
 * @param cycle final cycle, starting at 1
 * @param owner last {@code lead.assigned} owner, else the {@code lead.created} owner, else null
 * @param activityCount number of {@code activity} events
 * @param contactAttempts outbound call, email_sent, meeting and sms activities
 * @param createdAt event time of {@code lead.created}
 * @param transitions status changes in event-time order, starting with the creation
 * @param rejections status changes the default transition policy refuses, in event-time order
 * @param qualifiedAt when the lead first entered MQL or a later funnel stage, null if never
 * @param lastTouchSource last-touch source: of the latest attributed touch (capture, or an inbound
 *     activity naming a source or campaign) up to {@code qualifiedAt}, or up to the end
 * @param lastTouchCampaign last-touch campaign, from the same touch
 * @param firstAttemptAt the first outbound contact attempt (call, email_sent, meeting, sms), null
 *     if the lead was never contacted
 */
public record LeadTruth(
        String leadId,
        String status,
        String contactStatus,
        int cycle,
        String owner,
        int activityCount,
        int contactAttempts,
        Instant createdAt,
        List<LeadTransition> transitions,
        List<LeadRejection> rejections,
        Instant qualifiedAt,
        String lastTouchSource,
        String lastTouchCampaign,
        Instant firstAttemptAt) {

    public LeadTruth {
        transitions = List.copyOf(transitions);
        rejections = List.copyOf(rejections);
    }

    /** Whether the lead ever entered {@code status} (in any cycle). */
    public boolean reached(String status) {
        return transitions.stream().anyMatch(t -> t.to().equals(status));
    }
}
