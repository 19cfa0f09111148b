package io.leadflow.jobs.operators;

import io.leadflow.jobs.lifecycle.FunnelStage;
import io.leadflow.jobs.lifecycle.InboundActivity;
import io.leadflow.jobs.rows.LeadScoreRow;
import io.leadflow.jobs.rows.LeadStateRow;
import io.leadflow.jobs.rows.LeadStateScore;
import io.leadflow.jobs.scoring.LeadFacts;
import io.leadflow.jobs.scoring.LeadScore;
import io.leadflow.jobs.scoring.LeadScorer;
import io.leadflow.jobs.scoring.SalesReadiness;
import io.leadflow.jobs.scoring.ScoreStanding;
import io.leadflow.jobs.scoring.ScoredActivity;
import io.leadflow.jobs.scoring.ScoringModel;
import io.leadflow.jobs.scoring.ScoringRegistry;
import io.leadflow.jobs.state.WholeRecordTypeInfo;
import io.leadflow.jobs.time.FlushClock;
import io.leadflow.schema.event.EventType;
import io.leadflow.schema.event.LeadEvent;
import io.leadflow.schema.event.LeadStatus;
import io.leadflow.schema.event.StatusChange;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * Keeps each lead's score under the models in force: the active one and a shadow. A score is a
 * function of the lead's facts, its activities and the moment ({@link LeadScorer}); this operator
 * keeps the lead's row from the lifecycle (its facts follow from it, {@link ScoredLead}) and its
 * activities in keyed state, writes a {@code lead_scores} row whenever the score changes for a
 * reason (an activity, a change of fit, of sales readiness or of the lead's outcome, a model
 * change), and raises the moment a sales-ready lead decays below the release with an event-time
 * timer, so nothing is polled.
 *
 * <p>It also writes the lead's {@code lead_state} rows ({@link #LEAD_STATE}), stamped with the
 * active score, so the central table answers "what is this lead's score" on its own and agrees with
 * {@code lead_score_current}: the row and the score of the same events come from one place, and a
 * decay or a model change that changes the active score writes the kept row again.
 *
 * <p>A new registry (broadcast by {@code ValidateScoringCommands}) rescores every lead from its
 * state at once: the versions that came into force, changed role or left it get a row with reason
 * {@code model}, and a lead the change made sales ready gets its decay timer then (which is why the
 * function runs in {@link LeadScoringOperator}). A lead that becomes sales ready under the active
 * model while below MQL in its cycle produces a {@code lead.status_changed} to MQL ({@link
 * #SCORE_QUALIFIED}) with reason {@code score} and the model version as actor, with an id per lead
 * and cycle, so it happens once per cycle; the job sends it to the lead topic, where the lifecycle
 * applies it like any other event.
 *
 * <p>At most {@link #MAX_ACTIVITIES} activities are kept per lead, the newest; older ones no longer
 * count. At the end of a bounded input (a watermark at the end of time) no decay is decided.
 */
public final class LeadScoringFunction
        extends KeyedBroadcastProcessFunction<String, ScoringInput, String, LeadScoreRow> {

    private static final long serialVersionUID = 1L;

    /** Activities kept per lead. */
    public static final int MAX_ACTIVITIES = 1_000;

    /** The broadcast registry, under {@link #KEY}. */
    public static final MapStateDescriptor<String, String> REGISTRY =
            new MapStateDescriptor<>("scoring-registry", Types.STRING, Types.STRING);

    public static final String KEY = "registry";

    /** Status changes to MQL a sales-ready score asks for. */
    public static final OutputTag<LeadEvent> SCORE_QUALIFIED =
            new OutputTag<>("score-qualified", TypeInformation.of(LeadEvent.class)) {};

    /**
     * The lead's rows with their active score, when the lifecycle sent them: the input of SLA
     * policies that filter by score, which so see the score of the same events as the row.
     */
    public static final OutputTag<LeadStateRow> SCORED_ROWS =
            new OutputTag<>("scored-rows", TypeInformation.of(LeadStateRow.class)) {};

    /**
     * The lead's {@code lead_state} rows with its active score: at most once per flush interval
     * after its events or a decay, once more at the end of the input, and at once when a model
     * change changes its active score. A row written again for a new score keeps its version: of
     * equal versions ClickHouse keeps the one inserted last, which is the newest score.
     */
    public static final OutputTag<LeadStateRow> LEAD_STATE =
            new OutputTag<>("scored-lead-state", TypeInformation.of(LeadStateRow.class)) {};

    /**
     * Inbound activities with the lead's active score just before and with each: the input of
     * hot-lead rules that test the score.
     */
    public static final OutputTag<InboundActivity> SCORED_INBOUND =
            new OutputTag<>("scored-inbound", TypeInformation.of(InboundActivity.class)) {};

    private final String initialRegistry;
    private final FlushClock flushes;

    private transient ValueStateDescriptor<ScoredLead> leadDescriptor;
    private transient ValueState<ScoredLead> lead;
    private transient RowSchedule rows;
    private transient ListState<ScoredActivity> activities;
    private transient MapState<String, ScoreStanding> standings;
    private transient ValueState<Long> seq;
    private transient ValueState<Integer> askedCycle;
    private transient String parsedText;
    private transient ScoringRegistry parsed;
    private transient Map<String, ScoringModel> models;
    private transient LongConsumer rescoreTimers;

    /**
     * @param initial the models in force at a fresh start
     * @param flushInterval how often a changed lead's {@code lead_state} row is written at most
     */
    public LeadScoringFunction(ScoringRegistry initial, Duration flushInterval) {
        this.initialRegistry = initial.toJson();
        this.flushes = new FlushClock(flushInterval);
    }

    /**
     * Where a rescore from the broadcast side plans the lead it visits a decay timer: set by {@link
     * LeadScoringOperator}, the only operator this function runs in.
     */
    void rescoreTimers(LongConsumer timers) {
        this.rescoreTimers = timers;
    }

    @Override
    public void open(OpenContext openContext) {
        leadDescriptor =
                new ValueStateDescriptor<>(
                        "scoring-lead", WholeRecordTypeInfo.ofImmutable(ScoredLead.class));
        lead = getRuntimeContext().getState(leadDescriptor);
        rows = new RowSchedule(flushes, getRuntimeContext());
        activities =
                getRuntimeContext()
                        .getListState(
                                new ListStateDescriptor<>(
                                        "scoring-activities",
                                        WholeRecordTypeInfo.ofImmutable(ScoredActivity.class)));
        standings =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "score-standings",
                                        WholeRecordTypeInfo.STRING_KEY,
                                        WholeRecordTypeInfo.ofImmutable(ScoreStanding.class)));
        seq = getRuntimeContext().getState(new ValueStateDescriptor<>("score-seq", Types.LONG));
        askedCycle =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("score-mql-cycle", Types.INT));
        models = new HashMap<>();
    }

    @Override
    public void processElement(ScoringInput input, ReadOnlyContext ctx, Collector<LeadScoreRow> out)
            throws Exception {
        ScoredLead held = lead.value();
        boolean newer = held == null || input.lead().version() >= held.version();
        LeadFacts now = newer ? input.facts() : held.facts();
        List<ScoredActivity> kept = kept();
        if (input.activity() != null) {
            int at = Collections.binarySearch(kept, input.activity());
            kept.add(at >= 0 ? at : -at - 1, input.activity());
            if (kept.size() > MAX_ACTIVITIES) {
                kept = new ArrayList<>(kept.subList(kept.size() - MAX_ACTIVITIES, kept.size()));
            }
            activities.update(kept);
        }
        ScoringRegistry registry = registry(ctx.getBroadcastState(REGISTRY));
        long at = Math.max(now.lastEventAt(), kept.isEmpty() ? 0 : kept.get(kept.size() - 1).at());
        LeadScore activeScore = null;
        for (String version : registry.inForce()) {
            boolean active = version.equals(registry.active());
            ScoreStanding before = standings.get(version);
            LeadScore scored =
                    score(
                            version,
                            active,
                            now,
                            kept,
                            at,
                            "event",
                            input.activity() != null,
                            q -> ctx.output(SCORE_QUALIFIED, q),
                            out);
            if (active) {
                activeScore = scored;
            }
            replan(ctx.timerService(), before, standings.get(version));
        }
        LeadStateScore stamp = activeScore == null ? null : stamp(registry.active(), activeScore);
        ScoredLead stamped = (newer ? input.lead() : held).withScore(stamp);
        if (stamped != held) {
            lead.update(stamped);
            if (stamped.row() != null) {
                rows.plan(ctx.timerService());
            }
        }
        if (input.row() != null && activeScore != null) {
            ctx.output(SCORED_ROWS, input.row().withScore(stamp));
        }
        if (input.inbound() != null && input.activity() != null) {
            // The jump this activity made: the score at its moment with it and without it.
            ScoringModel model = model(registry.active());
            List<ScoredActivity> without = new ArrayList<>(kept);
            without.remove(input.activity());
            long moment = input.activity().at();
            ctx.output(
                    SCORED_INBOUND,
                    input.inbound()
                            .withScores(
                                    LeadScorer.score(model, now, without, moment).total(),
                                    LeadScorer.score(model, now, kept, moment).total()));
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<LeadScoreRow> out)
            throws Exception {
        ScoredLead held = lead.value();
        if (rows.fires(timestamp, ctx.timeDomain(), ctx.timerService())) {
            if (held != null && held.row() != null) {
                ctx.output(LEAD_STATE, held.row());
            }
            return;
        }
        if (ctx.timeDomain() != TimeDomain.EVENT_TIME
                || ctx.timerService().currentWatermark() == Long.MAX_VALUE
                || held == null) {
            return;
        }
        LeadFacts now = held.facts();
        ScoringRegistry registry = registry(ctx.getBroadcastState(REGISTRY));
        List<ScoredActivity> kept = kept();
        for (String version : registry.inForce()) {
            ScoreStanding standing = standings.get(version);
            if (standing != null && standing.dropAt() == timestamp) {
                boolean active = version.equals(registry.active());
                LeadScore decayed =
                        score(
                                version,
                                active,
                                now,
                                kept,
                                timestamp,
                                "decay",
                                true,
                                q -> ctx.output(SCORE_QUALIFIED, q),
                                out);
                plan(ctx.timerService(), standings.get(version));
                if (active) {
                    ScoredLead stamped = held.withScore(stamp(version, decayed));
                    if (stamped != held) {
                        lead.update(stamped);
                        rows.plan(ctx.timerService());
                    }
                }
            }
        }
    }

    @Override
    public void processBroadcastElement(
            String registryText, Context ctx, Collector<LeadScoreRow> out) throws Exception {
        ScoringRegistry before = registry(ctx.getBroadcastState(REGISTRY));
        ctx.getBroadcastState(REGISTRY).put(KEY, registryText);
        ScoringRegistry after = registry(ctx.getBroadcastState(REGISTRY));
        Set<String> touched = new LinkedHashSet<>(before.inForce());
        touched.addAll(after.inForce());
        touched.removeIf(
                v ->
                        before.inForce().contains(v) == after.inForce().contains(v)
                                && v.equals(before.active()) == v.equals(after.active()));
        if (touched.isEmpty()) {
            return;
        }
        if (rescoreTimers == null) {
            throw new IllegalStateException(
                    "LeadScoringFunction runs in LeadScoringOperator, which lets a rescore set"
                            + " decay timers");
        }
        long watermark = ctx.currentWatermark();
        ctx.applyToKeyedState(
                leadDescriptor,
                (leadId, state) -> {
                    ScoredLead held = state.value();
                    if (held == null) {
                        return;
                    }
                    LeadFacts now = held.facts();
                    List<ScoredActivity> kept = kept();
                    // Scored as of the job's event-time clock, not the lead's last event: a model
                    // published today judges a lead untouched for a month by its decayed score.
                    long at =
                            Math.max(
                                    now.lastEventAt(),
                                    kept.isEmpty() ? 0 : kept.get(kept.size() - 1).at());
                    if (watermark != Long.MIN_VALUE && watermark != Long.MAX_VALUE) {
                        // A whole second, as scored_at shows it, so the row can be recomputed.
                        at = Math.max(at, watermark - Math.floorMod(watermark, 1_000L));
                    }
                    for (String version : touched) {
                        boolean inForce = after.inForce().contains(version);
                        boolean active = inForce && version.equals(after.active());
                        LeadScore rescored =
                                score(
                                        version,
                                        active,
                                        now,
                                        kept,
                                        at,
                                        inForce ? "model" : "retired",
                                        true,
                                        q -> ctx.output(SCORE_QUALIFIED, q),
                                        out);
                        if (active) {
                            // The row is written now, not at a flush: the broadcast side sets
                            // no wall-clock timers.
                            ScoredLead stamped = held.withScore(stamp(version, rescored));
                            if (stamped != held) {
                                state.update(stamped);
                                ctx.output(LEAD_STATE, stamped.row());
                            }
                        }
                        if (!inForce) {
                            standings.remove(version);
                        } else {
                            // The drop the old timer planned, if any, no longer matches a standing
                            // and fires as a no-op.
                            ScoreStanding standing = standings.get(version);
                            if (standing.dropAt() > 0) {
                                rescoreTimers.accept(standing.dropAt());
                            }
                        }
                    }
                });
    }

    /**
     * Scores the lead under one version at {@code at} and writes a row if anything a reader sees
     * changed (or {@code force}); asks for MQL when it became sales ready under the active model.
     */
    private LeadScore score(
            String version,
            boolean active,
            LeadFacts now,
            List<ScoredActivity> kept,
            long at,
            String reason,
            boolean force,
            Consumer<LeadEvent> qualify,
            Collector<LeadScoreRow> out)
            throws Exception {
        ScoringModel model = model(version);
        LeadScore score = LeadScorer.score(model, now, kept, at);
        ScoreStanding was = standings.get(version);
        boolean wasReady = was != null && was.salesReady();
        boolean ready = SalesReadiness.next(wasReady, score, model.salesReady());
        long dropAt = -1;
        if (ready) {
            OptionalLong drop =
                    LeadScorer.fallsBelow(model, now, kept, at + 1, model.salesReady().release());
            dropAt = drop.isPresent() ? drop.getAsLong() : -1;
        }
        String rowKey = ScoreStanding.rowKey(now, score);
        boolean changed =
                force
                        || was == null
                        || was.salesReady() != ready
                        || was.fit() != score.fit()
                        || was.active() != active
                        || !was.rowKey().equals(rowKey);
        standings.put(version, new ScoreStanding(ready, dropAt, score.fit(), rowKey, active));
        if (!changed) {
            return score;
        }
        // Only grows, across restarts too: a fresh start's rows replace an earlier run's in
        // lead_score_current whatever their count (as the aggregate rows' versions do).
        Long last = seq.value();
        long next = Math.max(last == null ? 1 : last + 1, System.currentTimeMillis() * 1_000);
        seq.update(next);
        double calibration = LeadScorer.peak(model, now, kept, now.reachedSqlAt(), at);
        out.collect(
                new LeadScoreRow(
                        now.leadId(),
                        next,
                        active,
                        reason,
                        score,
                        ready,
                        calibration,
                        now.createdAt(),
                        now.reachedSqlAt(),
                        now.wonAt(),
                        now.version()));
        Integer target = mqlCycle(now);
        if (active && ready && target != null && !target.equals(askedCycle.value())) {
            askedCycle.update(target);
            qualify.accept(qualified(now, version, at, target));
        }
        return score;
    }

    /**
     * The cycle an MQL move would be in, or null when the lead is not one sales-ready scores move:
     * its current cycle below MQL (PROSPECT, INQUIRY), the next one from NURTURE or RECYCLED
     * (coming back into the funnel starts a cycle). Won, lost and disqualified leads stay where
     * sales put them.
     */
    private static Integer mqlCycle(LeadFacts facts) {
        if (facts.status().equals(LeadStatus.NURTURE.name())
                || facts.status().equals(LeadStatus.RECYCLED.name())) {
            return facts.cycle() + 1;
        }
        int rank = FunnelStage.rank(facts.status());
        return rank >= 0 && rank < FunnelStage.rank(LeadStatus.MQL) ? facts.cycle() : null;
    }

    private static LeadEvent qualified(LeadFacts facts, String version, long at, int cycle) {
        return new LeadEvent(
                "score-mql:" + facts.leadId() + ":" + cycle,
                EventType.LEAD_STATUS_CHANGED,
                facts.leadId(),
                at,
                "leadflow-scoring",
                1,
                null,
                null,
                new StatusChange(LeadStatus.MQL, "score", "model:" + version),
                null,
                null,
                null,
                null);
    }

    /** The {@code lead_state} stamp of {@code score}, just scored under {@code version}. */
    private LeadStateScore stamp(String version, LeadScore score) throws Exception {
        return LeadStateScore.of(score, standings.get(version).salesReady());
    }

    /** Plans the standing's drop and deletes the one it replaces. */
    private static void replan(TimerService timers, ScoreStanding before, ScoreStanding after) {
        if (before != null
                && before.dropAt() > 0
                && (after == null || before.dropAt() != after.dropAt())) {
            timers.deleteEventTimeTimer(before.dropAt());
        }
        plan(timers, after);
    }

    private static void plan(TimerService timers, ScoreStanding standing) {
        if (standing != null && standing.dropAt() > 0) {
            // Registering a moment twice is one timer.
            timers.registerEventTimeTimer(standing.dropAt());
        }
    }

    private List<ScoredActivity> kept() throws Exception {
        List<ScoredActivity> list = new ArrayList<>();
        Iterable<ScoredActivity> held = activities.get();
        if (held != null) {
            held.forEach(list::add);
        }
        return list;
    }

    private ScoringRegistry registry(ReadOnlyBroadcastState<String, String> state)
            throws Exception {
        String text = state.get(KEY);
        String current = text == null ? initialRegistry : text;
        if (!Objects.equals(current, parsedText)) {
            parsed = ScoringRegistry.fromJson(current);
            parsedText = current;
        }
        return parsed;
    }

    private ScoringModel model(String version) {
        ScoringModel model = models.get(version);
        if (model == null) {
            model = parsed.model(version);
            models.put(version, model);
        }
        return model;
    }
}
