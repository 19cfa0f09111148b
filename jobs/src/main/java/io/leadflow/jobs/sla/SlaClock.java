package io.leadflow.jobs.sla;

import io.leadflow.jobs.lifecycle.LeadSnapshot;
import io.leadflow.jobs.lifecycle.Transition;
import io.leadflow.jobs.rows.SlaClockRow;
import io.leadflow.schema.event.LeadStatus;

import java.time.Instant;
import java.util.List;

/**
 * Where one lead stands against one SLA policy, derived from the lead as the lifecycle sees it:
 * when the clock started, when the warning and the deadline fall, and when (if) the stop condition
 * was met. Pure, so the timer operator and a batch recomputation agree.
 *
 * @param policy the policy
 * @param startedAt when the clock started
 * @param warnAt when the warning is due, or null for none
 * @param dueAt when the deadline falls
 * @param stoppedAt when the stop condition was met, or null while it was not
 * @param leftScopeAt when the lead left sales' hands (WON, LOST, DISQUALIFIED, NURTURE, RECYCLED)
 *     after the start and before the stop condition, or null: the clock ends there, and a breach is
 *     then resolved as "left scope" instead of staying open forever
 */
public record SlaClock(
        SlaPolicy policy,
        Instant startedAt,
        Instant warnAt,
        Instant dueAt,
        Instant stoppedAt,
        Instant leftScopeAt) {

    /** The statuses that take a lead out of every SLA's scope. */
    private static final java.util.Set<String> OUT_OF_SCOPE =
            java.util.Set.of("WON", "LOST", "DISQUALIFIED", "NURTURE", "RECYCLED");

    /**
     * The clock of {@code policy} for a lead, or null when the policy does not cover the lead or
     * its start event has not happened. The status filter applies to the lead's status when the
     * clock started (a lead that breached while MQL keeps its clock after it moves on); the other
     * filters to the lead as it is, {@code minScore} to its score under the active scoring model
     * after the same events ({@code score}; null without scoring, when a policy with a {@code
     * minScore} covers no lead).
     */
    public static SlaClock of(
            SlaPolicy policy, LeadSnapshot lead, List<Transition> transitions, Double score) {
        Long start =
                switch (policy.start()) {
                    case CREATED -> lead.createdAt();
                    case BECAME_MQL -> firstEntry(transitions, LeadStatus.MQL, Long.MIN_VALUE);
                    case ASSIGNED -> lead.assignedAt();
                };
        String statusThen = start == null ? "" : statusAt(transitions, start);
        if (statusThen.isEmpty()
                || !policy.leads()
                        .matches(
                                LeadStatus.valueOf(statusThen),
                                lead.leadSource(),
                                lead.channel(),
                                lead.team(),
                                score)) {
            return null;
        }
        Long stop =
                switch (policy.stop().kind()) {
                    case FIRST_ATTEMPT -> lead.firstAttemptAt();
                    case CONNECT -> lead.firstConnectAt();
                    case STATUS -> firstEntry(transitions, policy.stop().status(), start);
                };
        Instant started = Instant.ofEpochMilli(start);
        Long left = null;
        for (Transition t : transitions) {
            if (t.occurredAtMillis() >= start
                    && (stop == null || t.occurredAtMillis() < stop)
                    && OUT_OF_SCOPE.contains(t.toStatus())) {
                left = t.occurredAtMillis();
                break;
            }
        }
        return new SlaClock(
                policy,
                started,
                policy.warnAt(started),
                policy.dueAt(started),
                stop == null ? null : Instant.ofEpochMilli(Math.max(stop, start)),
                left == null ? null : Instant.ofEpochMilli(left));
    }

    /**
     * The clock's {@code sla_clocks} row for {@code lead}, written at the lead's {@code version}.
     */
    public SlaClockRow row(LeadSnapshot lead, long version) {
        return new SlaClockRow(
                policy.name(),
                lead.leadId(),
                lead.owner(),
                lead.team(),
                startedAt.toEpochMilli(),
                warnAt == null ? -1 : warnAt.toEpochMilli(),
                dueAt.toEpochMilli(),
                stoppedAt == null ? -1 : stoppedAt.toEpochMilli(),
                leftScopeAt == null ? -1 : leftScopeAt.toEpochMilli(),
                1,
                version);
    }

    /**
     * Where the clock ended: the stop condition, or leaving scope before it; null while running.
     */
    public Instant endedAt() {
        return leftScopeAt != null ? leftScopeAt : stoppedAt;
    }

    /** Whether the deadline passed before the stop condition was met, as of {@code now}. */
    public boolean breachedAt(Instant now) {
        Instant end = endedAt() == null ? now : endedAt();
        return end.isAfter(dueAt);
    }

    /** Whether the clock is still running at {@code now}. */
    public boolean openAt(Instant now) {
        return endedAt() == null || endedAt().isAfter(now);
    }

    /** The lead's status at {@code at}: the target of the last transition at or before it. */
    private static String statusAt(List<Transition> transitions, long at) {
        String status = "";
        for (Transition t : transitions) {
            if (t.occurredAtMillis() > at) {
                break;
            }
            status = t.toStatus();
        }
        return status;
    }

    /** The first entry into {@code status} at or after {@code notBefore}, epoch millis, or null. */
    private static Long firstEntry(
            List<Transition> transitions, LeadStatus status, long notBefore) {
        for (Transition t : transitions) {
            if (t.toStatus().equals(status.name()) && t.occurredAtMillis() >= notBefore) {
                return t.occurredAtMillis();
            }
        }
        return null;
    }
}
