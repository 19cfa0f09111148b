package io.leadflow.jobs.rows;

import io.leadflow.jobs.aggregate.EventDays;

import java.util.List;

/**
 * One SLA clock still waiting for its outcome, as the {@code sla_pending} table holds it: no stop,
 * not left scope, and the job's watermark has not passed its deadline yet. Whether it is open, at
 * risk or already breached depends on the job's clock when somebody asks, so {@code
 * sla_compliance_daily} decides that at query time. A clock that stops waiting is written once more
 * with {@code pending} 0. Times are epoch millis, -1 for none.
 *
 * @param policy the SLA policy
 * @param startedAt clock start (its UTC day is part of the key)
 * @param leadId the lead
 * @param owner the lead's owner
 * @param team the owner's team
 * @param warnAt warning point, -1 for none
 * @param dueAt deadline
 * @param pending 1 while waiting, 0 once it no longer is
 * @param version only grows for the clock, across restarts: the highest wins
 */
public record SlaPendingRow(
        String policy,
        long startedAt,
        String leadId,
        String owner,
        String team,
        long warnAt,
        long dueAt,
        int pending,
        long version) {

    /** Its key in {@code sla_pending}: policy, UTC day started, lead. */
    public List<Object> key() {
        return List.of(policy, EventDays.day(startedAt), leadId);
    }
}
