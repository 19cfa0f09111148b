package io.leadflow.jobs.operators;

import io.leadflow.jobs.lifecycle.EventOrder;
import io.leadflow.jobs.lifecycle.FoldedHistory;
import io.leadflow.jobs.lifecycle.InboundActivity;
import io.leadflow.jobs.lifecycle.LeadLifecycle;
import io.leadflow.jobs.lifecycle.LeadSnapshot;
import io.leadflow.jobs.lifecycle.TransitionPolicy;
import io.leadflow.jobs.rows.LateEventRow;
import io.leadflow.jobs.rows.LeadStateRow;
import io.leadflow.schema.event.LeadEvent;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
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
 * behind the watermark are not applied but leave through {@link #LATE_EVENTS}.
 *
 * <p>State is bounded: events that fall behind the lateness horizon can no longer be preceded by an
 * accepted event, so they are folded into a {@link FoldedHistory} and dropped. At most {@code
 * maxHistory} events are kept per lead; a lead that exceeds it within the lateness window (a flood
 * of activity) has its oldest events folded early, and an event that would sort before the fold
 * point is then treated as late. Because the derivation depends only on the set of events, an event
 * arriving late or out of order yields the same row as an ordered stream; each new event re-emits
 * the lead's row, transitions included, with a higher version.
 */
public final class LeadLifecycleFunction
        extends KeyedProcessFunction<String, LeadEvent, LeadStateRow> {

    public static final OutputTag<LateEventRow> LATE_EVENTS = new OutputTag<>("late-events") {};

    /** Inbound activities as applied, with the lead's owner then: input of hot-lead rules. */
    public static final OutputTag<InboundActivity> INBOUND_ACTIVITIES =
            new OutputTag<>("inbound-activities") {};

    private static final long serialVersionUID = 1L;

    /** Events kept per lead before the oldest are folded early. */
    public static final int DEFAULT_MAX_HISTORY = 1_000;

    private final Duration dedupTtl;
    private final Duration allowedLateness;
    private final int maxHistory;
    private final TransitionPolicy policy;

    private transient MapState<String, Boolean> seenEventIds;
    private transient ListState<LeadEvent> history;
    private transient ValueState<FoldedHistory> folded;
    private transient Counter duplicates;
    private transient Counter reordered;
    private transient Counter late;

    /**
     * @param dedupTtl how long an eventId is remembered
     * @param allowedLateness how far behind the watermark an event may still be applied
     * @param policy which status changes are allowed
     */
    public LeadLifecycleFunction(
            Duration dedupTtl, Duration allowedLateness, TransitionPolicy policy) {
        this(dedupTtl, allowedLateness, policy, DEFAULT_MAX_HISTORY);
    }

    /**
     * @param dedupTtl how long an eventId is remembered
     * @param allowedLateness how far behind the watermark an event may still be applied
     * @param policy which status changes are allowed
     * @param maxHistory events kept per lead before the oldest are folded early
     */
    public LeadLifecycleFunction(
            Duration dedupTtl, Duration allowedLateness, TransitionPolicy policy, int maxHistory) {
        this.dedupTtl = dedupTtl;
        this.allowedLateness = allowedLateness;
        this.policy = policy;
        this.maxHistory = maxHistory;
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
        folded =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "folded-history", TypeInformation.of(FoldedHistory.class)));
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
        FoldedHistory base = folded.value();
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

        List<LeadEvent> events = toList(history.get());
        int position = Collections.binarySearch(events, event, EventOrder.COMPARATOR);
        int insertAt = position >= 0 ? position : -position - 1;
        if (insertAt < events.size()) {
            reordered.inc();
        }
        events.add(insertAt, event);

        String leadId = ctx.getCurrentKey();
        int toFold = foldable(events, watermark);
        if (toFold > 0) {
            base = LeadLifecycle.fold(policy, leadId, base, events.subList(0, toFold));
            folded.update(base);
            events = new ArrayList<>(events.subList(toFold, events.size()));
        }
        history.update(events);

        LeadLifecycle.Derivation derived = LeadLifecycle.derive(policy, leadId, base, events);
        out.collect(
                new LeadStateRow(
                        derived.lead(),
                        derived.transitions(),
                        derived.rejections(),
                        derived.lead().eventsApplied()));
        if (event.activity() != null && "inbound".equals(event.activity().direction())) {
            LeadSnapshot lead = derived.lead();
            ctx.output(
                    INBOUND_ACTIVITIES,
                    new InboundActivity(
                            event.eventId(),
                            leadId,
                            event.occurredAtMillis(),
                            event.activity(),
                            lead.status(),
                            lead.leadSource(),
                            lead.channel(),
                            lead.owner(),
                            lead.team()));
        }
    }

    /** How many of the oldest events are final: behind the lateness horizon, or over the cap. */
    private int foldable(List<LeadEvent> events, long watermark) {
        int count = 0;
        if (watermark != Long.MIN_VALUE) {
            long horizon = watermark - allowedLateness.toMillis();
            while (count < events.size() && events.get(count).occurredAtMillis() < horizon) {
                count++;
            }
        }
        return Math.max(count, events.size() - maxHistory);
    }

    private static <T> List<T> toList(Iterable<T> iterable) {
        List<T> list = new ArrayList<>();
        if (iterable != null) {
            iterable.forEach(list::add);
        }
        return list;
    }
}
