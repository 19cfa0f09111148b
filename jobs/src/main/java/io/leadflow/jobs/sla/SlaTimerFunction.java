package io.leadflow.jobs.sla;

import io.leadflow.jobs.aggregate.AggregateDelta;
import io.leadflow.jobs.aggregate.AggregateKey;
import io.leadflow.jobs.aggregate.AggregateRow;
import io.leadflow.jobs.aggregate.Measures;
import io.leadflow.jobs.lifecycle.ContactStatus;
import io.leadflow.jobs.lifecycle.FunnelStage;
import io.leadflow.jobs.lifecycle.LeadSnapshot;
import io.leadflow.jobs.rows.LeadStateRow;
import io.leadflow.jobs.rows.SlaClockRow;
import io.leadflow.jobs.rows.SlaPendingRow;
import io.leadflow.jobs.state.WholeRecordTypeInfo;
import io.leadflow.jobs.time.DurationSyntax;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Raises SLA warnings, breaches, resolutions, escalations and missed follow-up cadences for one
 * lead at a time, from the lead rows the lifecycle emits, and finds the lead for the
 * untouched-leads summary when a report is due. Deadlines are timers, so a breach fires when the
 * deadline passes even if no further event arrives for the lead or for the whole stream.
 *
 * <p>Which clock a timer runs on is decided per deadline: a deadline still ahead of the wall clock
 * gets a processing-time timer (the live case: it fires on time, whatever the stream does); a
 * deadline already behind the wall clock when the job learns of it (a replay of history, or data
 * that arrived late) gets an event-time timer, so the breach is only decided once the watermark
 * shows that no stop event before the deadline is still on its way; only that deadline's own timer
 * or the watermark decides it, never another wall-clock timer of the lead. An alert is live only
 * while its moment is recent (the policy's {@code freshFor}, an hour by default: on time, or the
 * job lagged behind and the lead is still waiting); older ones are marked not live: they are
 * recorded, but they do not page anybody about last year's leads.
 *
 * <p>The policies come from the broadcast rules (see {@link RulesInForce}). A changed policy
 * applies to a lead's running clock from the lead's next event; a removed policy raises nothing
 * more. Each (policy, clock start) keeps a small mark in state with what was already raised, so
 * every alert is raised once per clock; after a restart from a checkpoint an alert raised since
 * that checkpoint may be raised again, with the same stable {@link SlaAlert#alertId()}.
 */
public final class SlaTimerFunction
        extends KeyedBroadcastProcessFunction<String, LeadStateRow, String, SlaAlert> {

    private static final long serialVersionUID = 1L;

    /** Open leads nobody touched for the report's days, one per lead and report time. */
    public static final OutputTag<UntouchedLead> UNTOUCHED = new OutputTag<>("untouched") {};

    /** Every SLA clock's facts, each time they change: the {@code sla_clocks} rows. */
    public static final OutputTag<SlaClockRow> SLA_CLOCKS = new OutputTag<>("sla-clocks") {};

    /** What the clocks' changes do to {@code sla_daily} (see {@link SlaStanding}). */
    public static final OutputTag<AggregateDelta> SLA_DELTAS = new OutputTag<>("sla-deltas") {};

    /** Clocks that start or stop waiting for their outcome: the {@code sla_pending} rows. */
    public static final OutputTag<SlaPendingRow> SLA_PENDING = new OutputTag<>("sla-pending") {};

    /**
     * What is known and what was raised for one policy's clock of a lead. Times are epoch ms, -1
     * for none.
     *
     * @param startedAt clock start
     * @param warnAt warning time
     * @param dueAt deadline
     * @param stoppedAt stop, or -1 while running
     * @param escalateAt when an unresolved breach is escalated
     * @param cadenceAt when the follow-up cadence's period ends
     * @param attempts the lead's contact attempts so far
     * @param connectedAt the lead's first connect
     * @param badContactData whether the lead's contact data proved wrong (no cadence applies)
     * @param owner the lead's owner
     * @param team the owner's team
     * @param raised the kinds already raised, one bit per {@link SlaAlert.Kind} ordinal
     * @param liveBreach whether the breach was raised live; its resolution is news only then
     */
    public record Mark(
            long startedAt,
            long warnAt,
            long dueAt,
            long stoppedAt,
            long escalateAt,
            long cadenceAt,
            int attempts,
            long connectedAt,
            boolean badContactData,
            String owner,
            String team,
            int raised,
            boolean liveBreach) {

        boolean has(SlaAlert.Kind kind) {
            return (raised & (1 << kind.ordinal())) != 0;
        }

        Mark plus(SlaAlert.Kind kind) {
            return new Mark(
                    startedAt,
                    warnAt,
                    dueAt,
                    stoppedAt,
                    escalateAt,
                    cadenceAt,
                    attempts,
                    connectedAt,
                    badContactData,
                    owner,
                    team,
                    raised | (1 << kind.ordinal()),
                    liveBreach);
        }

        Mark breached(boolean live) {
            Mark breached = plus(SlaAlert.Kind.BREACH);
            return new Mark(
                    startedAt,
                    warnAt,
                    dueAt,
                    stoppedAt,
                    escalateAt,
                    cadenceAt,
                    attempts,
                    connectedAt,
                    badContactData,
                    owner,
                    team,
                    breached.raised(),
                    live);
        }

        boolean runningAt(long at) {
            return stoppedAt < 0 || stoppedAt > at;
        }
    }

    /**
     * What the untouched-leads report needs of a lead.
     *
     * @param touchedAt last sales touch (outbound activity) or start of the current cycle, else
     *     creation
     * @param open whether sales owes the lead an action (INQUIRY to OPPORTUNITY)
     * @param owner its owner
     * @param team the owner's team
     * @param reportAt the report time a timer is registered for, or -1
     */
    public record LeadWatch(
            long touchedAt, boolean open, String owner, String team, long reportAt) {}

    private final RulesInForce rules;
    private final ReportSchedule untouchedReport;
    private final Duration untouchedAfter;
    private transient MapState<String, Mark> marks;
    private transient ValueState<LeadWatch> watch;
    private transient MapState<String, SlaClockRow> clocks;
    private transient MapState<String, SlaStanding> standings;

    /**
     * @param initial the rules in force until the config topic replaces them
     * @param untouchedReport when the untouched-leads report is due ({@code off} for never)
     * @param untouchedAfter how long without activity puts an open lead in the report
     */
    public SlaTimerFunction(
            AlertRules initial, ReportSchedule untouchedReport, Duration untouchedAfter) {
        this.rules = new RulesInForce(initial);
        this.untouchedReport = untouchedReport;
        this.untouchedAfter = untouchedAfter;
    }

    @Override
    public void open(OpenContext openContext) {
        marks =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "sla-marks",
                                        WholeRecordTypeInfo.STRING_KEY,
                                        WholeRecordTypeInfo.ofImmutable(Mark.class)));
        watch =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "untouched-watch",
                                        WholeRecordTypeInfo.ofImmutable(LeadWatch.class)));
        clocks =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "sla-clocks",
                                        WholeRecordTypeInfo.STRING_KEY,
                                        WholeRecordTypeInfo.ofImmutable(SlaClockRow.class)));
        standings =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "sla-standings",
                                        WholeRecordTypeInfo.STRING_KEY,
                                        WholeRecordTypeInfo.ofImmutable(SlaStanding.class)));
    }

    @Override
    public void processBroadcastElement(String rulesText, Context ctx, Collector<SlaAlert> out)
            throws Exception {
        ctx.getBroadcastState(RulesInForce.STATE).put(RulesInForce.KEY, rulesText);
    }

    @Override
    public void processElement(LeadStateRow row, ReadOnlyContext ctx, Collector<SlaAlert> out)
            throws Exception {
        TimerService timers = ctx.timerService();
        long now = timers.currentProcessingTime();
        LeadSnapshot lead = row.lead();
        for (SlaPolicy policy :
                rules.current(ctx.getBroadcastState(RulesInForce.STATE)).policies()) {
            SlaClock clock =
                    SlaClock.of(
                            policy,
                            lead,
                            row.transitions(),
                            row.score() == null ? null : row.score().total());
            Mark before = marks.get(policy.name());
            recordClock(ctx, policy, lead, clock, before, row.version());
            if (clock == null) {
                if (before != null) {
                    marks.remove(policy.name());
                }
                continue;
            }
            long startedAt = clock.startedAt().toEpochMilli();
            boolean sameClock = before != null && before.startedAt() == startedAt;
            long dueAt = clock.dueAt().toEpochMilli();
            Mark mark =
                    new Mark(
                            startedAt,
                            clock.warnAt() == null ? -1 : clock.warnAt().toEpochMilli(),
                            dueAt,
                            // Leaving scope ends the clock too: no breach after it, and an
                            // earlier breach is resolved.
                            clock.endedAt() == null ? -1 : clock.endedAt().toEpochMilli(),
                            policy.escalateAfter() == null
                                    ? -1
                                    : dueAt + policy.escalateAfter().toMillis(),
                            policy.cadence() == null
                                    ? -1
                                    : startedAt + policy.cadence().within().toMillis(),
                            lead.contactAttempts(),
                            lead.firstConnectAt() == null ? -1 : lead.firstConnectAt(),
                            lead.contactStatus() == ContactStatus.BAD_CONTACT_DATA,
                            lead.owner(),
                            lead.team(),
                            sameClock ? before.raised() : 0,
                            sameClock && before.liveBreach());
            if (mark.has(SlaAlert.Kind.BREACH)
                    && !mark.has(SlaAlert.Kind.RESOLVED)
                    && mark.stoppedAt() >= 0) {
                out.collect(
                        alert(
                                ctx.getCurrentKey(),
                                policy,
                                mark,
                                SlaAlert.Kind.RESOLVED,
                                now,
                                resolutionFreshUntil(policy, mark)));
                mark = mark.plus(SlaAlert.Kind.RESOLVED);
            }
            marks.put(policy.name(), mark);
            if (!mark.runningAt(mark.dueAt())) {
                continue;
            }
            schedule(timers, mark.dueAt(), now);
            // A warning only helps before the deadline, in real time: none for history.
            if (mark.warnAt() > now && !mark.has(SlaAlert.Kind.WARNING)) {
                timers.registerProcessingTimeTimer(mark.warnAt());
            }
            if (mark.escalateAt() >= 0 && mark.runningAt(mark.escalateAt())) {
                schedule(timers, mark.escalateAt(), now);
            }
            if (mark.cadenceAt() >= 0 && mark.connectedAt() < 0 && !mark.badContactData()) {
                schedule(timers, mark.cadenceAt(), now);
            }
        }
        if (!untouchedReport.isOff() && lead.createdAt() != null) {
            watchForReport(lead, timers, now);
        }
    }

    /**
     * Writes the clock's row when what happened to it changed (or a late event took the lead out of
     * the policy): the {@code sla_clocks} table, from which compliance is a query.
     */
    private void recordClock(
            ReadOnlyContext ctx,
            SlaPolicy policy,
            LeadSnapshot lead,
            SlaClock clock,
            Mark before,
            long version)
            throws Exception {
        SlaClockRow previous = clocks.get(policy.name());
        SlaClockRow now;
        if (clock == null) {
            if (previous == null || previous.covered() == 0) {
                return;
            }
            now =
                    new SlaClockRow(
                            previous.policy(),
                            previous.leadId(),
                            previous.owner(),
                            previous.team(),
                            previous.startedAt(),
                            previous.warnAt(),
                            previous.dueAt(),
                            previous.stoppedAt(),
                            previous.leftScopeAt(),
                            0,
                            version);
        } else {
            now = clock.row(lead, version);
        }
        if (previous != null && sameFacts(previous, now)) {
            return;
        }
        clocks.put(policy.name(), now);
        ctx.output(SLA_CLOCKS, now);
        stand(
                ctx,
                policy.name(),
                now,
                ctx.timerService().currentWatermark(),
                ctx.timerService().currentProcessingTime());
    }

    /**
     * Brings the clock's contribution to {@code sla_daily} and its {@code sla_pending} row up to
     * date: retracts what it stood for before, adds what it stands for now, and plans the watermark
     * timer that will find it breached while it has no end.
     */
    private void stand(
            ReadOnlyContext ctx, String policy, SlaClockRow clock, long watermark, long now)
            throws Exception {
        SlaStanding before = standings.get(policy);
        long version = before == null ? 0 : before.version();
        SlaStanding after = SlaStanding.of(clock, watermark, version);
        if (Objects.equals(after, before)) {
            return;
        }
        emit(ctx, contributions(before), contributions(after));
        boolean wasPending = before != null && before.pending();
        boolean isPending = after != null && after.pending();
        if (wasPending
                && (!isPending
                        || !before.pendingRow(true, 0)
                                .key()
                                .equals(after.pendingRow(true, 0).key()))) {
            version = AggregateRow.nextVersion(version, now);
            ctx.output(SLA_PENDING, before.pendingRow(false, version));
        }
        if (isPending && !(wasPending && after.samePendingRow(before))) {
            version = AggregateRow.nextVersion(version, now);
            ctx.output(SLA_PENDING, after.pendingRow(true, version));
            ctx.timerService().registerEventTimeTimer(SlaStanding.decidedAt(clock));
        }
        if (after == null) {
            standings.remove(policy);
        } else {
            standings.put(policy, new SlaStanding(after.clock(), after.outcome(), version));
        }
    }

    private static Map<AggregateKey, Measures> contributions(SlaStanding standing) {
        return standing == null ? Map.of() : standing.contributions();
    }

    private static void emit(
            ReadOnlyContext ctx,
            Map<AggregateKey, Measures> before,
            Map<AggregateKey, Measures> after) {
        for (AggregateDelta delta : AggregateDelta.between(before, after)) {
            ctx.output(SLA_DELTAS, delta);
        }
    }

    private static boolean sameFacts(SlaClockRow a, SlaClockRow b) {
        return a.equals(
                new SlaClockRow(
                        b.policy(),
                        b.leadId(),
                        b.owner(),
                        b.team(),
                        b.startedAt(),
                        b.warnAt(),
                        b.dueAt(),
                        b.stoppedAt(),
                        b.leftScopeAt(),
                        b.covered(),
                        a.version()));
    }

    private void watchForReport(LeadSnapshot lead, TimerService timers, long now) throws Exception {
        LeadWatch before = watch.value();
        // Open: sales owes the lead an action (INQUIRY to OPPORTUNITY); the lead's own page views
        // do not count as a touch, a sales touch or a new cycle does.
        boolean open = FunnelStage.isOpen(lead.status());
        long reportAt = before == null ? -1 : before.reportAt();
        if (open && reportAt <= now) {
            reportAt = untouchedReport.next(now);
            timers.registerProcessingTimeTimer(reportAt);
        }
        long touchedAt =
                Math.max(
                        lead.createdAt(),
                        Math.max(
                                lead.lastSalesTouchAt() == null
                                        ? Long.MIN_VALUE
                                        : lead.lastSalesTouchAt(),
                                lead.cycleStartedAt() == null
                                        ? Long.MIN_VALUE
                                        : lead.cycleStartedAt()));
        watch.update(new LeadWatch(touchedAt, open, lead.owner(), lead.team(), reportAt));
    }

    /** A live timer for a moment still ahead, an event-time timer for one already past. */
    private static void schedule(TimerService timers, long at, long now) {
        if (at > now) {
            timers.registerProcessingTimeTimer(at);
        } else {
            timers.registerEventTimeTimer(at);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<SlaAlert> out)
            throws Exception {
        boolean onTime = ctx.timeDomain() == TimeDomain.PROCESSING_TIME;
        if (onTime) {
            report(timestamp, ctx);
        }
        long now = ctx.timerService().currentProcessingTime();
        if (!onTime) {
            decidePending(ctx, now);
        }
        AlertRules current = rules.current(ctx.getBroadcastState(RulesInForce.STATE));
        String leadId = ctx.getCurrentKey();
        for (Iterator<Map.Entry<String, Mark>> it = marks.iterator(); it.hasNext(); ) {
            Map.Entry<String, Mark> entry = it.next();
            SlaPolicy policy = current.policy(entry.getKey());
            if (policy == null) {
                it.remove();
                continue;
            }
            Mark before = entry.getValue();
            Mark mark = before;
            if (decides(mark.dueAt(), timestamp, onTime, now)
                    && mark.runningAt(mark.dueAt())
                    && !mark.has(SlaAlert.Kind.BREACH)) {
                long freshUntil = SlaAlert.freshUntil(mark.dueAt(), policy.freshFor());
                out.collect(alert(leadId, policy, mark, SlaAlert.Kind.BREACH, now, freshUntil));
                mark = mark.breached(now <= freshUntil);
                if (mark.stoppedAt() >= 0) {
                    // Found late: the lead was handled after the deadline, before we looked.
                    out.collect(
                            alert(
                                    leadId,
                                    policy,
                                    mark,
                                    SlaAlert.Kind.RESOLVED,
                                    now,
                                    resolutionFreshUntil(policy, mark)));
                    mark = mark.plus(SlaAlert.Kind.RESOLVED);
                }
            } else if (onTime
                    && mark.warnAt() == timestamp
                    // A warning that comes after the deadline (the job stalled) only adds noise.
                    && now < mark.dueAt()
                    && mark.runningAt(timestamp)
                    && !mark.has(SlaAlert.Kind.WARNING)) {
                // News until its own freshFor passes, and never once the deadline has come.
                long freshUntil =
                        Math.min(
                                SlaAlert.freshUntil(mark.warnAt(), policy.freshFor()),
                                mark.dueAt() - 1);
                out.collect(alert(leadId, policy, mark, SlaAlert.Kind.WARNING, now, freshUntil));
                mark = mark.plus(SlaAlert.Kind.WARNING);
            }
            if (decides(mark.escalateAt(), timestamp, onTime, now)
                    && mark.runningAt(mark.escalateAt())
                    && !mark.has(SlaAlert.Kind.ESCALATION)) {
                out.collect(
                        alert(
                                leadId,
                                policy,
                                mark,
                                SlaAlert.Kind.ESCALATION,
                                now,
                                SlaAlert.freshUntil(mark.escalateAt(), policy.freshFor())));
                mark = mark.plus(SlaAlert.Kind.ESCALATION);
            }
            if (decides(mark.cadenceAt(), timestamp, onTime, now)
                    && !mark.has(SlaAlert.Kind.CADENCE)) {
                mark = mark.plus(SlaAlert.Kind.CADENCE);
                if (missedCadence(policy, mark)) {
                    out.collect(
                            alert(
                                    leadId,
                                    policy,
                                    mark,
                                    SlaAlert.Kind.CADENCE,
                                    now,
                                    SlaAlert.freshUntil(mark.cadenceAt(), policy.freshFor())));
                }
            }
            if (mark != before) {
                entry.setValue(mark);
            }
        }
    }

    /**
     * Whether a timer decides a moment of a clock. A wall-clock timer decides only the moment it
     * was set for: the lead's other timers (the untouched report, another policy's) must not decide
     * a deadline that waits for the watermark, since its stop event may still be on its way. A
     * watermark timer decides every moment the watermark has passed that is behind the wall clock
     * too: a moment still ahead of it is its own wall-clock timer's (the watermark timers that
     * decide pending clocks for {@code sla_daily} fire for live deadlines as well, and at the end
     * of a bounded input for all of them).
     */
    private static boolean decides(long moment, long timestamp, boolean onTime, long now) {
        return moment >= 0 && (onTime ? moment == timestamp : moment <= timestamp && moment <= now);
    }

    /**
     * At a watermark timer: the pending clocks whose deadline the watermark passed are breached.
     */
    private void decidePending(OnTimerContext ctx, long now) throws Exception {
        long watermark = ctx.timerService().currentWatermark();
        List<SlaStanding> due = new ArrayList<>();
        for (SlaStanding standing : standings.values()) {
            if (standing.pending() && SlaStanding.decidedAt(standing.clock()) <= watermark) {
                due.add(standing);
            }
        }
        for (SlaStanding standing : due) {
            stand(ctx, standing.clock().policy(), standing.clock(), watermark, now);
        }
    }

    /**
     * Until when a resolution is news: only a breach somebody was paged for needs one, and only
     * while the lead's handling is recent (a contact the job learns of days later closes the breach
     * in the record, silently).
     */
    private static long resolutionFreshUntil(SlaPolicy policy, Mark mark) {
        return mark.liveBreach()
                ? SlaAlert.freshUntil(mark.stoppedAt(), policy.freshFor())
                : SlaAlert.NEVER;
    }

    /**
     * Whether the cadence's period ended without a connect and with fewer attempts than it asks
     * for. The attempts are those known when the check runs: live that is the period's end; for
     * history it may include later attempts, so a replay can miss a violation but never invents
     * one.
     */
    private static boolean missedCadence(SlaPolicy policy, Mark mark) {
        boolean connectedInTime = mark.connectedAt() >= 0 && mark.connectedAt() <= mark.cadenceAt();
        return !connectedInTime
                && !mark.badContactData()
                && mark.attempts() < policy.cadence().attempts();
    }

    /** At a report time: lists the lead when it is open and untouched, and plans the next one. */
    private void report(long timestamp, OnTimerContext ctx) throws Exception {
        LeadWatch w = watch.value();
        if (w == null || w.reportAt() != timestamp) {
            return;
        }
        if (w.open() && timestamp - w.touchedAt() >= untouchedAfter.toMillis()) {
            ctx.output(
                    UNTOUCHED,
                    new UntouchedLead(
                            ctx.getCurrentKey(), w.owner(), w.team(), w.touchedAt(), timestamp));
        }
        long next = -1;
        if (w.open()) {
            next = untouchedReport.next(timestamp);
            ctx.timerService().registerProcessingTimeTimer(next);
        }
        watch.update(new LeadWatch(w.touchedAt(), w.open(), w.owner(), w.team(), next));
    }

    private static SlaAlert alert(
            String leadId,
            SlaPolicy policy,
            Mark mark,
            SlaAlert.Kind kind,
            long now,
            long freshUntil) {
        String recipient = SlaAlert.recipientOf(mark.owner(), mark.team());
        String detail = "";
        long due = mark.dueAt();
        switch (kind) {
            case ESCALATION -> {
                recipient = policy.escalateTo();
                due = mark.escalateAt();
                detail =
                        "unhandled "
                                + DurationSyntax.format(policy.escalateAfter())
                                + " after the deadline; owner "
                                + (mark.owner().isEmpty() ? "unassigned" : mark.owner());
            }
            case CADENCE -> {
                due = mark.cadenceAt();
                detail =
                        mark.attempts()
                                + " of "
                                + policy.cadence().attempts()
                                + " contact attempts within "
                                + DurationSyntax.format(policy.cadence().within())
                                + ", no connect";
            }
            default -> {}
        }
        return new SlaAlert(
                leadId + "/" + policy.name() + "/" + mark.startedAt() + "/" + kind,
                kind,
                policy.name(),
                leadId,
                mark.owner(),
                mark.team(),
                recipient,
                mark.startedAt(),
                due,
                mark.stoppedAt() < 0 ? null : mark.stoppedAt(),
                now,
                freshUntil,
                detail);
    }
}
