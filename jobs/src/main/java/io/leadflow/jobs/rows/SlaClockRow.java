package io.leadflow.jobs.rows;

/**
 * One SLA clock of one lead, as the {@code sla_clocks} table holds it: what happened (start,
 * warning point, deadline, when the stop condition was met, when the lead left the policy's scope),
 * from which its outcome at any event-clock time follows (met, breached, left scope, open, at
 * risk). Times are epoch millis, -1 for none.
 *
 * @param policy the SLA policy
 * @param leadId the lead
 * @param owner the lead's owner
 * @param team the owner's team
 * @param startedAt clock start
 * @param warnAt warning point, -1 for none
 * @param dueAt deadline
 * @param stoppedAt when the stop condition was met, -1 while not
 * @param leftScopeAt when the lead left sales' hands before the stop (won, lost, disqualified,
 *     nurtured or recycled), -1 while not
 * @param covered 1 while the policy covers the lead; 0 once a late event took it out
 * @param version the lead's events applied when written: the highest wins
 */
public record SlaClockRow(
        String policy,
        String leadId,
        String owner,
        String team,
        long startedAt,
        long warnAt,
        long dueAt,
        long stoppedAt,
        long leftScopeAt,
        int covered,
        long version) {}
