package io.leadflow.jobs.sla;

import io.leadflow.jobs.rows.LeadStateRow;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.util.List;
import java.util.Map;

/**
 * Raises SLA warnings, breaches and resolutions for one lead at a time, from the lead rows the
 * lifecycle emits. Deadlines are timers, so a breach fires when the deadline passes even if no
 * further event arrives for the lead or for the whole stream.
 *
 * <p>Which clock a timer runs on is decided per deadline: a deadline still ahead of the wall clock
 * gets a processing-time timer (the live case: it fires on time, whatever the stream does); a
 * deadline already behind the wall clock when the job learns of it (a replay of history, or data
 * that arrived late) gets an event-time timer, so the breach is only decided once the watermark
 * shows that no stop event before the deadline is still on its way. Such breaches are marked not
 * live: they are recorded, but they do not page anybody about last year's leads.
 *
 * <p>Each (policy, clock start) keeps a small mark in state with what was already raised, so a
 * warning or a breach is raised once per clock; after a restart from a checkpoint an alert raised
 * since that checkpoint may be raised again, with the same stable {@link SlaAlert#alertId()}.
 */
public final class SlaTimerFunction extends KeyedProcessFunction<String, LeadStateRow, SlaAlert> {

    private static final long serialVersionUID = 1L;

    /**
     * What is known and what was raised for one policy's clock of a lead.
     *
     * @param startedAt clock start, epoch ms
     * @param warnAt warning time, epoch ms, or -1 for none
     * @param dueAt deadline, epoch ms
     * @param stoppedAt stop, epoch ms, or -1 while running
     * @param owner the lead's owner
     * @param team the owner's team
     * @param warned whether the warning was raised
     * @param breached whether the breach was raised
     * @param resolved whether the resolution was raised
     */
    public record Mark(
            long startedAt,
            long warnAt,
            long dueAt,
            long stoppedAt,
            String owner,
            String team,
            boolean warned,
            boolean breached,
            boolean resolved) {

        Mark with(boolean warned, boolean breached, boolean resolved) {
            return new Mark(
                    startedAt, warnAt, dueAt, stoppedAt, owner, team, warned, breached, resolved);
        }
    }

    private final List<SlaPolicy> policies;
    private transient MapState<String, Mark> marks;

    public SlaTimerFunction(List<SlaPolicy> policies) {
        this.policies = List.copyOf(policies);
    }

    @Override
    public void open(OpenContext openContext) {
        marks =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "sla-marks", Types.STRING, TypeInformation.of(Mark.class)));
    }

    @Override
    public void processElement(LeadStateRow row, Context ctx, Collector<SlaAlert> out)
            throws Exception {
        long now = ctx.timerService().currentProcessingTime();
        for (SlaPolicy policy : policies) {
            SlaClock clock = SlaClock.of(policy, row.lead(), row.transitions());
            if (clock == null) {
                continue;
            }
            Mark before = marks.get(policy.name());
            boolean sameClock =
                    before != null && before.startedAt() == clock.startedAt().toEpochMilli();
            Mark mark =
                    new Mark(
                            clock.startedAt().toEpochMilli(),
                            clock.warnAt() == null ? -1 : clock.warnAt().toEpochMilli(),
                            clock.dueAt().toEpochMilli(),
                            clock.stoppedAt() == null ? -1 : clock.stoppedAt().toEpochMilli(),
                            row.lead().owner(),
                            row.lead().team(),
                            sameClock && before.warned(),
                            sameClock && before.breached(),
                            sameClock && before.resolved());
            if (mark.breached() && !mark.resolved() && mark.stoppedAt() >= 0) {
                out.collect(
                        alert(
                                ctx.getCurrentKey(),
                                policy.name(),
                                mark,
                                SlaAlert.Kind.RESOLVED,
                                now,
                                true));
                mark = mark.with(mark.warned(), true, true);
            }
            marks.put(policy.name(), mark);
            if (mark.stoppedAt() < 0 || mark.stoppedAt() > mark.dueAt()) {
                schedule(ctx, mark.dueAt(), now);
                // A warning only helps before the deadline, in real time: none for history.
                if (mark.warnAt() > now && !mark.warned()) {
                    ctx.timerService().registerProcessingTimeTimer(mark.warnAt());
                }
            }
        }
    }

    /** A live timer for a deadline still ahead, an event-time timer for one already past. */
    private static void schedule(Context ctx, long at, long now) {
        if (at > now) {
            ctx.timerService().registerProcessingTimeTimer(at);
        } else {
            ctx.timerService().registerEventTimeTimer(at);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<SlaAlert> out)
            throws Exception {
        boolean live = ctx.timeDomain() == TimeDomain.PROCESSING_TIME;
        long now = ctx.timerService().currentProcessingTime();
        for (Map.Entry<String, Mark> entry : marks.entries()) {
            Mark mark = entry.getValue();
            boolean runningAt = mark.stoppedAt() < 0 || mark.stoppedAt() > timestamp;
            if (!runningAt) {
                continue;
            }
            if (timestamp >= mark.dueAt() && !mark.breached()) {
                out.collect(
                        alert(
                                ctx.getCurrentKey(),
                                entry.getKey(),
                                mark,
                                SlaAlert.Kind.BREACH,
                                now,
                                live));
                mark = mark.with(true, true, false);
                if (mark.stoppedAt() >= 0) {
                    // Found late: the lead was handled after the deadline, before we looked.
                    out.collect(
                            alert(
                                    ctx.getCurrentKey(),
                                    entry.getKey(),
                                    mark,
                                    SlaAlert.Kind.RESOLVED,
                                    now,
                                    live));
                    mark = mark.with(true, true, true);
                }
                entry.setValue(mark);
            } else if (live
                    && mark.warnAt() >= 0
                    && timestamp >= mark.warnAt()
                    && timestamp < mark.dueAt()
                    && !mark.warned()) {
                out.collect(
                        alert(
                                ctx.getCurrentKey(),
                                entry.getKey(),
                                mark,
                                SlaAlert.Kind.WARNING,
                                now,
                                live));
                entry.setValue(mark.with(true, false, false));
            }
        }
    }

    private static SlaAlert alert(
            String leadId, String policy, Mark mark, SlaAlert.Kind kind, long now, boolean live) {
        return new SlaAlert(
                leadId + "/" + policy + "/" + mark.startedAt() + "/" + kind,
                kind,
                policy,
                leadId,
                mark.owner(),
                mark.team(),
                mark.startedAt(),
                mark.dueAt(),
                mark.stoppedAt() < 0 ? null : mark.stoppedAt(),
                now,
                live);
    }
}
