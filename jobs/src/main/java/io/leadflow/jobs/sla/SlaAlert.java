package io.leadflow.jobs.sla;

/**
 * An SLA event for one lead and policy: a warning before the deadline, a breach, or the resolution
 * of a breach when the lead is finally handled. {@code alertId} is stable (lead, policy, clock
 * start and kind), so a receiver can drop the duplicate a restart may send again.
 *
 * @param alertId stable id: leadId/policy/clock start (epoch ms)/kind
 * @param kind WARNING, BREACH or RESOLVED
 * @param policy the policy's name
 * @param leadId the lead
 * @param owner the lead's owner when the alert was raised, empty if unassigned
 * @param team the owner's team, empty if unknown
 * @param startedAtMillis when the clock started
 * @param dueAtMillis when the deadline falls
 * @param stoppedAtMillis when the stop condition was met, or null
 * @param raisedAtMillis processing time the alert was raised
 * @param live true when raised as the deadline passed; false when found while replaying history
 *     (the deadline had passed before the job saw the lead), which notifies nobody by default
 */
public record SlaAlert(
        String alertId,
        Kind kind,
        String policy,
        String leadId,
        String owner,
        String team,
        long startedAtMillis,
        long dueAtMillis,
        Long stoppedAtMillis,
        long raisedAtMillis,
        boolean live) {

    /** What happened. */
    public enum Kind {
        WARNING,
        BREACH,
        RESOLVED
    }
}
