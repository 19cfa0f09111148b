package io.leadflow.jobs.operators;

import io.leadflow.jobs.lifecycle.EventOrder;
import io.leadflow.jobs.lifecycle.LeadLifecycle;
import io.leadflow.jobs.lifecycle.Transition;
import io.leadflow.jobs.rows.LateEventRow;
import io.leadflow.jobs.rows.LeadStateRow;
import io.leadflow.jobs.rows.LeadTransitionRow;
import io.leadflow.schema.event.LeadEvent;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Keeps one lead's distinct events in keyed state and re-derives the lead after each new one.
 * Duplicates (same eventId) are dropped by a TTL'd id set; events more than the allowed lateness
 * behind the watermark are not applied but leave through {@link #LATE_EVENTS}. Because the
 * derivation depends only on the set of events, an event arriving late or out of order yields the
 * same rows as an ordered stream; the lead row and every transition that changed are re-emitted
 * with a higher version, and positions that vanished are overwritten with tombstones.
 */
public final class LeadLifecycleFunction
        extends KeyedProcessFunction<String, LeadEvent, LeadStateRow> {

    public static final OutputTag<LeadTransitionRow> TRANSITIONS =
            new OutputTag<>("lead-transitions") {};
    public static final OutputTag<LateEventRow> LATE_EVENTS = new OutputTag<>("late-events") {};

    private static final long serialVersionUID = 1L;

    private final Duration dedupTtl;
    private final Duration allowedLateness;

    private transient MapState<String, Boolean> seenEventIds;
    private transient ListState<LeadEvent> history;
    private transient ListState<Transition> emittedTransitions;
    private transient Counter duplicates;
    private transient Counter reordered;
    private transient Counter late;

    /**
     * @param dedupTtl how long an eventId is remembered
     * @param allowedLateness how far behind the watermark an event may still be applied
     */
    public LeadLifecycleFunction(Duration dedupTtl, Duration allowedLateness) {
        this.dedupTtl = dedupTtl;
        this.allowedLateness = allowedLateness;
    }

    @Override
    public void open(OpenContext openContext) {
        MapStateDescriptor<String, Boolean> seen =
                new MapStateDescriptor<>("seen-event-ids", Types.STRING, Types.BOOLEAN);
        seen.enableTimeToLive(
                StateTtlConfig.newBuilder(dedupTtl)
                        .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                        .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                        .build());
        seenEventIds = getRuntimeContext().getMapState(seen);
        history =
                getRuntimeContext()
                        .getListState(
                                new ListStateDescriptor<>(
                                        "history", TypeInformation.of(LeadEvent.class)));
        emittedTransitions =
                getRuntimeContext()
                        .getListState(
                                new ListStateDescriptor<>(
                                        "emitted-transitions",
                                        TypeInformation.of(Transition.class)));
        duplicates = getRuntimeContext().getMetricGroup().counter("duplicateEvents");
        reordered = getRuntimeContext().getMetricGroup().counter("reorderedEvents");
        late = getRuntimeContext().getMetricGroup().counter("lateEvents");
    }

    @Override
    public void processElement(LeadEvent event, Context ctx, Collector<LeadStateRow> out)
            throws Exception {
        if (seenEventIds.contains(event.eventId())) {
            duplicates.inc();
            return;
        }
        long watermark = ctx.timerService().currentWatermark();
        if (watermark != Long.MIN_VALUE
                && event.occurredAtMillis() < watermark - allowedLateness.toMillis()) {
            late.inc();
            ctx.output(
                    LATE_EVENTS,
                    new LateEventRow(
                            event.eventId(),
                            event.leadId(),
                            event.type().wireName(),
                            event.source(),
                            event.occurredAtMillis(),
                            watermark));
            return;
        }
        seenEventIds.put(event.eventId(), Boolean.TRUE);

        List<LeadEvent> events = toList(history.get());
        int position = Collections.binarySearch(events, event, EventOrder.COMPARATOR);
        int insertAt = position >= 0 ? position : -position - 1;
        if (insertAt < events.size()) {
            reordered.inc();
        }
        events.add(insertAt, event);
        history.update(events);

        LeadLifecycle.Derivation derived = LeadLifecycle.derive(ctx.getCurrentKey(), events);
        long version = events.size();
        out.collect(new LeadStateRow(derived.lead(), version));
        emitChangedTransitions(ctx, derived.transitions(), version);
    }

    private void emitChangedTransitions(Context ctx, List<Transition> current, long version)
            throws Exception {
        List<Transition> previous = toList(emittedTransitions.get());
        String leadId = ctx.getCurrentKey();
        for (int i = 0; i < current.size(); i++) {
            if (i >= previous.size() || !previous.get(i).equals(current.get(i))) {
                ctx.output(
                        TRANSITIONS, new LeadTransitionRow(leadId, current.get(i), false, version));
            }
        }
        for (int i = current.size(); i < previous.size(); i++) {
            ctx.output(TRANSITIONS, new LeadTransitionRow(leadId, previous.get(i), true, version));
        }
        if (!previous.equals(current)) {
            emittedTransitions.update(current);
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
