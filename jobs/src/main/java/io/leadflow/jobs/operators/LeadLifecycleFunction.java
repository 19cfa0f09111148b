package io.leadflow.jobs.operators;

import io.leadflow.jobs.aggregate.AggregateDelta;
import io.leadflow.jobs.aggregate.LeadContributions;
import io.leadflow.jobs.lifecycle.EventOrder;
import io.leadflow.jobs.lifecycle.InboundActivity;
import io.leadflow.jobs.lifecycle.LeadLifecycle;
import io.leadflow.jobs.lifecycle.LeadLifecycle.Derivation;
import io.leadflow.jobs.lifecycle.LeadProgress;
import io.leadflow.jobs.lifecycle.LeadSnapshot;
import io.leadflow.jobs.lifecycle.TransitionPolicy;
import io.leadflow.jobs.rows.LateEventRow;
import io.leadflow.jobs.rows.LeadStateRow;
import io.leadflow.jobs.state.WholeRecordTypeInfo;
import io.leadflow.jobs.time.FlushClock;
import io.leadflow.schema.event.LeadEvent;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Keeps one lead's distinct events in keyed state and its derivation up to date. Duplicates (same
 * eventId) are dropped by a TTL'd id set; events more than the allowed lateness behind the
 * watermark are not applied but leave through {@link #LATE_EVENTS}.
 *
 * <p>An event that sorts after every event held is applied to the kept derivation in O(1); only an
 * event that arrives out of order re-derives the lead from its folded base and held events. Because
 * the derivation depends only on the set of events, either way gives the same lead.
 *
 * <p>State is bounded: events that fall behind the lateness horizon can no longer be preceded by an
 * accepted event, so they are folded into the base {@link LeadProgress} and dropped (in batches,
 * once the oldest is a quarter of the lateness behind the horizon, so folding costs O(1) per event
 * on average), at the lead's next event or on an event-time timer, whichever comes first; once
 * everything held is folded, the base is the lead and its history and second progress are gone.
 * Held events are kept as bytes ({@link EventBytes}). At most {@code maxHistory} events are kept
 * per lead; a lead that exceeds it within the lateness window (a flood of activity) has its oldest
 * events folded early, and an event that would sort before the fold point is then treated as late.
 *
 * <p>Outputs: every change of the lead (for the SLA clocks, which must see each one at once); its
 * {@code lead_state} row at most once per flush interval ({@link #LEAD_ROWS}; with scoring on,
 * scoring writes it with the lead's score); and the changes to the aggregate tables, the lead's old
 * contributions retracted and its new ones added ({@link #AGGREGATE_DELTAS}).
 */
public final class LeadLifecycleFunction
        extends KeyedProcessFunction<String, LeadEvent, LeadStateRow> {

    public static final OutputTag<LateEventRow> LATE_EVENTS = new OutputTag<>("late-events") {};

    /** Inbound activities as applied, with the lead's owner then: input of hot-lead rules. */
    public static final OutputTag<InboundActivity> INBOUND_ACTIVITIES =
            new OutputTag<>("inbound-activities") {};

    /**
     * The lead's row, at most once per flush interval, and once more at the end of the input; empty
     * with scoring on.
     */
    public static final OutputTag<LeadStateRow> LEAD_ROWS = new OutputTag<>("lead-rows") {};

    /** What the lead's changes do to the aggregate tables. */
    public static final OutputTag<AggregateDelta> AGGREGATE_DELTAS =
            new OutputTag<>("aggregate-deltas") {};

    /** Every applied event with the lead's facts after it, for scoring; only when scoring is on. */
    public static final OutputTag<ScoringInput> SCORING_INPUTS =
            new OutputTag<>("scoring-inputs") {};

    private static final long serialVersionUID = 1L;

    /** Events kept per lead before the oldest are folded early. */
    public static final int DEFAULT_MAX_HISTORY = 1_000;

    private final Duration dedupTtl;
    private final Duration allowedLateness;
    private final int maxHistory;
    private final TransitionPolicy policy;
    private final FlushClock flushes;
    private final boolean scoring;

    private transient MapState<String, Boolean> seenEventIds;
    private transient ListState<byte[]> history;
    private transient EventBytes eventBytes;
    private transient ValueState<LeadProgress> folded;
    private transient ValueState<LeadProgress> current;
    private transient ValueState<Long> oldestKeptAt;
    private transient RowSchedule rows;
    private transient Counter duplicates;
    private transient Counter reordered;
    private transient Counter late;

    /**
     * @param dedupTtl how long an eventId is remembered
     * @param allowedLateness how far behind the watermark an event may still be applied
     * @param policy which status changes are allowed
     * @param flushInterval how often a changed lead's row is written at most
     */
    public LeadLifecycleFunction(
            Duration dedupTtl,
            Duration allowedLateness,
            TransitionPolicy policy,
            Duration flushInterval) {
        this(dedupTtl, allowedLateness, policy, flushInterval, DEFAULT_MAX_HISTORY);
    }

    /**
     * @param dedupTtl how long an eventId is remembered
     * @param allowedLateness how far behind the watermark an event may still be applied
     * @param policy which status changes are allowed
     * @param flushInterval how often a changed lead's row is written at most
     * @param maxHistory events kept per lead before the oldest are folded early
     */
    public LeadLifecycleFunction(
            Duration dedupTtl,
            Duration allowedLateness,
            TransitionPolicy policy,
            Duration flushInterval,
            int maxHistory) {
        this(dedupTtl, allowedLateness, policy, flushInterval, maxHistory, false);
    }

    /**
     * @param dedupTtl how long an eventId is remembered
     * @param allowedLateness how far behind the watermark an event may still be applied
     * @param policy which status changes are allowed
     * @param flushInterval how often a changed lead's row is written at most
     * @param maxHistory events kept per lead before the oldest are folded early
     * @param scoring whether scoring is on: then every applied event goes to scoring with the
     *     lead's row ({@link #SCORING_INPUTS}), and scoring, not this function, writes the lead's
     *     {@code lead_state} rows with its score, so {@link #LEAD_ROWS} stays empty
     */
    public LeadLifecycleFunction(
            Duration dedupTtl,
            Duration allowedLateness,
            TransitionPolicy policy,
            Duration flushInterval,
            int maxHistory,
            boolean scoring) {
        this.scoring = scoring;
        this.dedupTtl = dedupTtl;
        this.allowedLateness = allowedLateness;
        this.policy = policy;
        this.flushes = new FlushClock(flushInterval);
        this.maxHistory = maxHistory;
    }

    @Override
    public void open(OpenContext openContext) {
        MapStateDescriptor<String, Boolean> seen =
                new MapStateDescriptor<>(
                        "seen-event-ids", WholeRecordTypeInfo.STRING_KEY, Types.BOOLEAN);
        seen.enableTimeToLive(
                StateTtlConfig.newBuilder(dedupTtl)
                        .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                        .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                        // One entry per access, not the default five: the heap backend's scan for
                        // expired ids cost a quarter of the operator's time in the benchmark.
                        .cleanupIncrementally(1, false)
                        .build());
        seenEventIds = getRuntimeContext().getMapState(seen);
        history =
                getRuntimeContext()
                        .getListState(
                                new ListStateDescriptor<>(
                                        "history",
                                        PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        eventBytes = new EventBytes();
        folded = getRuntimeContext().getState(progress("folded-progress"));
        current = getRuntimeContext().getState(progress("current-progress"));
        oldestKeptAt =
                getRuntimeContext().getState(new ValueStateDescriptor<>("oldest-kept", Types.LONG));
        rows = new RowSchedule(flushes, getRuntimeContext());
        duplicates = getRuntimeContext().getMetricGroup().counter("duplicateEvents");
        reordered = getRuntimeContext().getMetricGroup().counter("reorderedEvents");
        late = getRuntimeContext().getMetricGroup().counter("lateEvents");
    }

    private static ValueStateDescriptor<LeadProgress> progress(String name) {
        return new ValueStateDescriptor<>(
                name, WholeRecordTypeInfo.ofImmutable(LeadProgress.class));
    }

    @Override
    public void processElement(LeadEvent event, Context ctx, Collector<LeadStateRow> out)
            throws Exception {
        if (seenEventIds.contains(event.eventId())) {
            duplicates.inc();
            return;
        }
        long watermark = ctx.timerService().currentWatermark();
        LeadProgress base = folded.value();
        boolean beyondLateness =
                watermark != Long.MIN_VALUE
                        && event.occurredAtMillis() < watermark - allowedLateness.toMillis();
        if (beyondLateness || (base != null && EventOrder.atOrBefore(event, base))) {
            late.inc();
            long behind = Math.max(watermark, base == null ? Long.MIN_VALUE : base.lastAtMillis());
            ctx.output(
                    LATE_EVENTS,
                    new LateEventRow(
                            event.eventId(),
                            event.leadId(),
                            event.type().wireName(),
                            event.source(),
                            event.occurredAtMillis(),
                            behind));
            return;
        }
        seenEventIds.put(event.eventId(), Boolean.TRUE);

        String leadId = ctx.getCurrentKey();
        LeadProgress before = latest();
        LeadProgress after;
        if (before == null || !EventOrder.atOrBefore(event, before)) {
            history.add(eventBytes.encode(event));
            after = LeadLifecycle.advance(policy, leadId, before, List.of(event));
        } else {
            reordered.inc();
            List<byte[]> held = toList(history.get());
            List<LeadEvent> events = eventBytes.decodeAll(held);
            int position = Collections.binarySearch(events, event, EventOrder.COMPARATOR);
            int at = position >= 0 ? position : -position - 1;
            events.add(at, event);
            held.add(at, eventBytes.encode(event));
            history.update(held);
            after = LeadLifecycle.advance(policy, leadId, base, events);
        }
        current.update(after);
        Long oldest = oldestKeptAt.value();
        if (oldest == null || event.occurredAtMillis() < oldest) {
            oldestKeptAt.update(event.occurredAtMillis());
        }
        foldIfDue(leadId, base, after, watermark);
        Long oldestNow = oldestKeptAt.value();
        if (!Objects.equals(oldest, oldestNow)) {
            // Only a new oldest event needs a new timer: the one for the old is still planned.
            planFold(ctx.timerService(), oldestNow);
        }

        Derivation derived = Derivation.of(after);
        LeadStateRow row = row(after);
        out.collect(row);
        Derivation previous = before == null ? null : Derivation.of(before);
        if (previous == null || !LeadContributions.sameInputs(previous, derived)) {
            for (AggregateDelta delta :
                    AggregateDelta.between(
                            previous == null ? java.util.Map.of() : LeadContributions.of(previous),
                            LeadContributions.of(derived))) {
                ctx.output(AGGREGATE_DELTAS, delta);
            }
        }
        if (!scoring) {
            scheduleRow(ctx);
        }
        InboundActivity inbound = null;
        if (event.activity() != null && "inbound".equals(event.activity().direction())) {
            LeadSnapshot lead = derived.lead();
            inbound =
                    new InboundActivity(
                            event.eventId(),
                            leadId,
                            event.occurredAtMillis(),
                            event.activity(),
                            lead.status(),
                            lead.leadSource(),
                            lead.channel(),
                            lead.owner(),
                            lead.team());
            ctx.output(INBOUND_ACTIVITIES, inbound);
        }
        if (scoring) {
            ctx.output(SCORING_INPUTS, ScoringInput.of(after, event, row, inbound));
        }
    }

    /**
     * The lead as of every event applied: the held events' result, or the base once all are folded.
     */
    private LeadProgress latest() throws IOException {
        LeadProgress now = current.value();
        return now != null ? now : folded.value();
    }

    /**
     * The watermark from which the held events are folded, given the oldest of them: once it is a
     * quarter of the lateness behind the lateness horizon, so folds come in batches.
     */
    private long foldDueAt(long oldest) {
        return oldest + allowedLateness.toMillis() + allowedLateness.toMillis() / 4 + 1;
    }

    /**
     * Plans the fold of the oldest held event ({@code null}: none held) for when it is due: a lead
     * that gets no more events is not left holding its history (and a second copy of its progress)
     * for ever.
     */
    private void planFold(TimerService timers, Long oldest) {
        if (oldest == null) {
            return;
        }
        long dueAt = foldDueAt(oldest);
        if (dueAt > oldest && dueAt < Long.MAX_VALUE) {
            timers.registerEventTimeTimer(dueAt);
        }
    }

    private static LeadStateRow row(LeadProgress progress) {
        return new LeadStateRow(
                progress.lead(),
                progress.transitions(),
                progress.rejections(),
                progress.lead().eventsApplied());
    }

    /**
     * Folds the oldest held events into the base once they are final ({@link #foldDueAt}; then
     * everything behind the horizon goes at once), or over the cap.
     */
    private void foldIfDue(String leadId, LeadProgress base, LeadProgress after, long watermark)
            throws Exception {
        int kept = after.lead().eventsApplied() - (base == null ? 0 : base.lead().eventsApplied());
        long horizon =
                watermark == Long.MIN_VALUE
                        ? Long.MIN_VALUE
                        : watermark - allowedLateness.toMillis();
        Long oldest = oldestKeptAt.value();
        boolean behind =
                watermark != Long.MIN_VALUE && oldest != null && watermark >= foldDueAt(oldest);
        if (!behind && kept <= maxHistory) {
            return;
        }
        List<byte[]> held = toList(history.get());
        List<LeadEvent> events = eventBytes.decodeAll(held);
        int toFold = 0;
        while (toFold < events.size() && events.get(toFold).occurredAtMillis() < horizon) {
            toFold++;
        }
        toFold = Math.max(toFold, events.size() - maxHistory * 3 / 4);
        if (toFold <= 0) {
            return;
        }
        if (toFold == events.size()) {
            // Everything held is final: the base becomes the lead as it is (the derivation depends
            // only on the set of events), and the lead keeps one progress instead of two.
            folded.update(after);
            current.clear();
            history.clear();
            oldestKeptAt.clear();
            return;
        }
        folded.update(LeadLifecycle.advance(policy, leadId, base, events.subList(0, toFold)));
        history.update(new ArrayList<>(held.subList(toFold, held.size())));
        oldestKeptAt.update(events.get(toFold).occurredAtMillis());
    }

    /**
     * Plans the lead's row for the next flush (a wall-clock timer), and for the end of the input (a
     * timer on the last watermark), unless one is planned already.
     */
    private void scheduleRow(Context ctx) throws Exception {
        rows.plan(ctx.timerService());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<LeadStateRow> out)
            throws Exception {
        if (ctx.timeDomain() == TimeDomain.EVENT_TIME && timestamp != Long.MAX_VALUE) {
            long watermark = ctx.timerService().currentWatermark();
            LeadProgress held = current.value();
            // At the end of the input there is nothing left to fold for.
            if (held != null && watermark != Long.MAX_VALUE) {
                foldIfDue(ctx.getCurrentKey(), folded.value(), held, watermark);
                planFold(ctx.timerService(), oldestKeptAt.value());
            }
            return;
        }
        if (!rows.fires(timestamp, ctx.timeDomain(), ctx.timerService())) {
            return;
        }
        LeadProgress progress = latest();
        if (progress != null) {
            ctx.output(LEAD_ROWS, row(progress));
        }
    }

    private static <T> List<T> toList(Iterable<T> iterable) {
        List<T> list = new ArrayList<>();
        if (iterable != null) {
            iterable.forEach(list::add);
        }
        return list;
    }
}
