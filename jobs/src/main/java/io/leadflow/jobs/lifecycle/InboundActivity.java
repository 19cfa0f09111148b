package io.leadflow.jobs.lifecycle;

import io.leadflow.schema.event.Activity;

/**
 * An inbound activity the lifecycle has just applied (a duplicate or a too-late event never becomes
 * one), with what the lead looked like then: the input of hot-lead rules, which need both the
 * activity and the lead's owner.
 *
 * @param eventId the activity's event id
 * @param leadId the lead
 * @param occurredAtMillis when the activity happened
 * @param activity the activity
 * @param status the lead's status after the activity, empty before the lead was created
 * @param leadSource the lead's marketing source
 * @param channel the lead's capture channel
 * @param owner the lead's owner, empty if unassigned
 * @param team the owner's team, empty if unknown
 * @param scoreBefore the lead's active score just before the activity; null without scoring
 * @param score the lead's active score with the activity; null without scoring
 */
public record InboundActivity(
        String eventId,
        String leadId,
        long occurredAtMillis,
        Activity activity,
        String status,
        String leadSource,
        String channel,
        String owner,
        String team,
        Double scoreBefore,
        Double score) {

    /** An activity without scores. */
    public InboundActivity(
            String eventId,
            String leadId,
            long occurredAtMillis,
            Activity activity,
            String status,
            String leadSource,
            String channel,
            String owner,
            String team) {
        this(
                eventId,
                leadId,
                occurredAtMillis,
                activity,
                status,
                leadSource,
                channel,
                owner,
                team,
                null,
                null);
    }

    /** The same activity with the lead's active score just before and with it. */
    public InboundActivity withScores(double before, double after) {
        return new InboundActivity(
                eventId,
                leadId,
                occurredAtMillis,
                activity,
                status,
                leadSource,
                channel,
                owner,
                team,
                before,
                after);
    }
}
