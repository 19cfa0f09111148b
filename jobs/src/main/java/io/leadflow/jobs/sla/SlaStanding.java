package io.leadflow.jobs.sla;

import io.leadflow.jobs.aggregate.Aggregate;
import io.leadflow.jobs.aggregate.AggregateKey;
import io.leadflow.jobs.aggregate.Contributions;
import io.leadflow.jobs.aggregate.EventDays;
import io.leadflow.jobs.aggregate.Measures;
import io.leadflow.jobs.rows.SlaClockRow;
import io.leadflow.jobs.rows.SlaPendingRow;

import java.util.Map;

/**
 * Where one SLA clock stands, as far as the stream can tell without the clock of whoever reads the
 * figures: what it contributes to {@code sla_daily}, and whether it belongs in {@code sla_pending}.
 * An outcome that follows from the clock's own facts is final (met, left scope, breached and then
 * contacted or out of scope: that end is an event, so the job's clock is past it and past the
 * deadline). A clock with no end yet is breached once the watermark has passed its deadline (no
 * event from before the deadline can still stop it in time) and pending until then; whether a
 * pending clock is open, at risk or breached is decided by the query, against the job's event
 * clock, which is at least the watermark. So the table and the per-lead view {@code sla_compliance}
 * give the same figures whenever the watermark happened to stand.
 *
 * @param clock the clock's facts
 * @param outcome what the stream can decide of it
 * @param version the version of its last {@code sla_pending} row, 0 for none
 */
public record SlaStanding(SlaClockRow clock, Outcome outcome, long version) {

    /** What a clock contributes besides {@code clocks}, one counter of {@code sla_daily} each. */
    public enum Outcome {
        /** Stopped by the deadline. */
        MET("met"),
        /** Left sales' hands before the deadline and the stop. */
        LEFT_SCOPE("left_scope"),
        /** Stopped after the deadline. */
        CONTACTED_LATE("breached_contacted_late"),
        /** Left sales' hands after the deadline, never stopped. */
        BREACHED_LEFT_SCOPE("breached_left_scope"),
        /** No end, and the watermark passed the deadline. */
        BREACHED_UNRESOLVED("breached_unresolved"),
        /** No end, the deadline not yet passed by the watermark. */
        PENDING("pending");

        private final String counter;

        Outcome(String counter) {
            this.counter = counter;
        }

        /** Its counter in {@code sla_daily}. */
        public String counter() {
            return counter;
        }
    }

    /**
     * The clock's standing when the watermark is at {@code watermark}, or {@code null} when it
     * counts nowhere (a late event took the lead out of the policy). The watermark at the end of a
     * bounded input ({@link Long#MAX_VALUE}) decides nothing: the input ended, time did not pass.
     */
    public static SlaStanding of(SlaClockRow clock, long watermark, long version) {
        if (clock.covered() == 0) {
            return null;
        }
        return new SlaStanding(clock, outcome(clock, watermark), version);
    }

    static Outcome outcome(SlaClockRow clock, long watermark) {
        // As sla_outcomes reads it: leaving scope ends a clock even if a stop came too.
        long ended = clock.leftScopeAt() >= 0 ? clock.leftScopeAt() : clock.stoppedAt();
        boolean leftScope = clock.leftScopeAt() >= 0;
        if (ended >= 0) {
            // Compared on whole seconds, as the DateTime columns of the view hold them.
            boolean inTime = EventDays.seconds(ended) <= EventDays.seconds(clock.dueAt());
            if (inTime) {
                return leftScope ? Outcome.LEFT_SCOPE : Outcome.MET;
            }
            return leftScope ? Outcome.BREACHED_LEFT_SCOPE : Outcome.CONTACTED_LATE;
        }
        boolean passed = watermark != Long.MAX_VALUE && watermark >= decidedAt(clock);
        return passed ? Outcome.BREACHED_UNRESOLVED : Outcome.PENDING;
    }

    /**
     * The watermark from which a clock with no end is breached: the second after its deadline's,
     * since the view compares whole seconds ({@code due_at < clock}) and the event clock is above
     * the watermark.
     */
    public static long decidedAt(SlaClockRow clock) {
        return (EventDays.seconds(clock.dueAt()) + 1) * 1000;
    }

    /** Whether the clock waits in {@code sla_pending}. */
    public boolean pending() {
        return outcome == Outcome.PENDING;
    }

    /** Its contribution to {@code sla_daily}: per UTC day the clock started, policy and owner. */
    public Map<AggregateKey, Measures> contributions() {
        String[] key = {EventDays.day(clock.startedAt()), clock.policy(), clock.owner()};
        return new Contributions()
                .add(Aggregate.SLA_DAILY, "clocks", 1, key)
                .add(Aggregate.SLA_DAILY, outcome.counter(), 1, key)
                .toMap();
    }

    /** Its {@code sla_pending} row, waiting or not. */
    public SlaPendingRow pendingRow(boolean waiting, long rowVersion) {
        return new SlaPendingRow(
                clock.policy(),
                clock.startedAt(),
                clock.leadId(),
                clock.owner(),
                clock.team(),
                clock.warnAt(),
                clock.dueAt(),
                waiting ? 1 : 0,
                rowVersion);
    }

    /** Whether {@code other}'s pending row would say the same as this one's. */
    boolean samePendingRow(SlaStanding other) {
        return other != null && pendingRow(true, 0).equals(other.pendingRow(true, 0));
    }
}
