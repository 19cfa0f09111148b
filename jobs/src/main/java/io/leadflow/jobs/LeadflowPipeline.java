package io.leadflow.jobs;

import io.leadflow.jobs.aggregate.AggregateDelta;
import io.leadflow.jobs.aggregate.AggregateRow;
import io.leadflow.jobs.io.ConfigMessage;
import io.leadflow.jobs.io.SourceRecord;
import io.leadflow.jobs.lifecycle.InboundActivity;
import io.leadflow.jobs.lifecycle.TransitionPolicy;
import io.leadflow.jobs.operators.AggregateTotalsFunction;
import io.leadflow.jobs.operators.LeadLifecycleFunction;
import io.leadflow.jobs.operators.LeadScoringFunction;
import io.leadflow.jobs.operators.LeadScoringOperator;
import io.leadflow.jobs.operators.RouteRecords;
import io.leadflow.jobs.operators.ScoreCalibrationFunction;
import io.leadflow.jobs.operators.ValidateAlertRules;
import io.leadflow.jobs.operators.ValidateScoringCommands;
import io.leadflow.jobs.rows.CampaignCostRow;
import io.leadflow.jobs.rows.DeadLetter;
import io.leadflow.jobs.rows.LateEventRow;
import io.leadflow.jobs.rows.LeadScoreRow;
import io.leadflow.jobs.rows.LeadStateRow;
import io.leadflow.jobs.rows.SlaClockRow;
import io.leadflow.jobs.rows.SlaPendingRow;
import io.leadflow.jobs.scoring.ScoringRegistry;
import io.leadflow.jobs.sla.AlertRules;
import io.leadflow.jobs.sla.HotLeadFunction;
import io.leadflow.jobs.sla.ReportSchedule;
import io.leadflow.jobs.sla.RulesInForce;
import io.leadflow.jobs.sla.SlaAlert;
import io.leadflow.jobs.sla.SlaTimerFunction;
import io.leadflow.jobs.sla.UntouchedLead;
import io.leadflow.jobs.sla.UntouchedSummaryFunction;
import io.leadflow.jobs.state.WholeRecordTypeInfo;
import io.leadflow.schema.event.LeadEvent;

import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.util.Collector;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The leadflow dataflow, built by one function for the job's {@code main}, the demo and the tests
 * alike: only the input stream and the sinks differ. Operator uids are fixed here so savepoints
 * survive upgrades; never change one without a state migration plan.
 */
public final class LeadflowPipeline {

    /**
     * Where the pipeline's outputs go. Every optional output is either given or explicitly left out
     * with the builder's {@code without...} methods, so a caller says what it leaves out instead of
     * passing nulls.
     */
    public record Sinks(
            Sink<LeadStateRow> leadState,
            Sink<AggregateRow> aggregates,
            Sink<LeadEvent> eventClock,
            Sink<DeadLetter> deadLetterTable,
            Optional<Sink<DeadLetter>> deadLetterTopic,
            Sink<CampaignCostRow> campaignCosts,
            Sink<LateEventRow> lateEvents,
            Optional<AlertSinks> alerts,
            Optional<ScoringSinks> scoring) {

        public Sinks {
            Objects.requireNonNull(scoring, "scoring");
            Objects.requireNonNull(leadState, "leadState");
            Objects.requireNonNull(aggregates, "aggregates");
            Objects.requireNonNull(eventClock, "eventClock");
            Objects.requireNonNull(deadLetterTable, "deadLetterTable");
            Objects.requireNonNull(deadLetterTopic, "deadLetterTopic");
            Objects.requireNonNull(campaignCosts, "campaignCosts");
            Objects.requireNonNull(lateEvents, "lateEvents");
            Objects.requireNonNull(alerts, "alerts");
        }

        public static Builder builder() {
            return new Builder();
        }

        /** Collects the sinks; {@link #build()} refuses an output neither given nor left out. */
        public static final class Builder {
            private Sink<LeadStateRow> leadState;
            private Sink<AggregateRow> aggregates;
            private Sink<LeadEvent> eventClock;
            private Sink<DeadLetter> deadLetterTable;
            private Optional<Sink<DeadLetter>> deadLetterTopic;
            private Sink<CampaignCostRow> campaignCosts;
            private Sink<LateEventRow> lateEvents;
            private Optional<AlertSinks> alerts;
            private Optional<ScoringSinks> scoring;

            private Builder() {}

            public Builder leadState(Sink<LeadStateRow> sink) {
                leadState = sink;
                return this;
            }

            /** The aggregate tables, each row to its own. */
            public Builder aggregates(Sink<AggregateRow> sink) {
                aggregates = sink;
                return this;
            }

            /** The lead events the lifecycle gets, for the job's event-time clock. */
            public Builder eventClock(Sink<LeadEvent> sink) {
                eventClock = sink;
                return this;
            }

            public Builder deadLetterTable(Sink<DeadLetter> sink) {
                deadLetterTable = sink;
                return this;
            }

            public Builder deadLetterTopic(Sink<DeadLetter> sink) {
                deadLetterTopic = Optional.of(sink);
                return this;
            }

            public Builder withoutDeadLetterTopic() {
                deadLetterTopic = Optional.empty();
                return this;
            }

            public Builder campaignCosts(Sink<CampaignCostRow> sink) {
                campaignCosts = sink;
                return this;
            }

            public Builder lateEvents(Sink<LateEventRow> sink) {
                lateEvents = sink;
                return this;
            }

            /** The alerting stage and where its alerts go. */
            public Builder alerts(AlertSinks sinks) {
                alerts = Optional.of(sinks);
                return this;
            }

            /** No alerting stage at all: no SLA clocks, hot leads or summaries. */
            public Builder withoutAlerting() {
                alerts = Optional.empty();
                return this;
            }

            /** Lead scores, and where the MQL moves of sales-ready scores go. */
            public Builder scoring(ScoringSinks sinks) {
                scoring = Optional.of(sinks);
                return this;
            }

            /** No scoring stage, whatever model the configuration names. */
            public Builder withoutScoring() {
                scoring = Optional.empty();
                return this;
            }

            public Sinks build() {
                require(leadState, "leadState");
                require(aggregates, "aggregates");
                require(eventClock, "eventClock");
                require(deadLetterTable, "deadLetterTable");
                require(deadLetterTopic, "deadLetterTopic (or withoutDeadLetterTopic)");
                require(campaignCosts, "campaignCosts");
                require(lateEvents, "lateEvents");
                require(alerts, "alerts (or withoutAlerting)");
                require(scoring, "scoring (or withoutScoring)");
                return new Sinks(
                        leadState,
                        aggregates,
                        eventClock,
                        deadLetterTable,
                        deadLetterTopic,
                        campaignCosts,
                        lateEvents,
                        alerts,
                        scoring);
            }
        }
    }

    /**
     * Where the alerting stage's alerts go: always a table, the rest given or explicitly left out.
     */
    public record AlertSinks(
            Sink<SlaAlert> table,
            Optional<Sink<SlaAlert>> topic,
            Optional<Sink<SlaAlert>> webhook,
            Optional<Sink<UntouchedLead>> untouchedReports,
            Optional<ClockSinks> clocks) {

        public AlertSinks {
            Objects.requireNonNull(clocks, "clocks");
            Objects.requireNonNull(table, "table");
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(webhook, "webhook");
            Objects.requireNonNull(untouchedReports, "untouchedReports");
        }

        /** Alerts to {@code table} only; add the others with the withers. */
        public static AlertSinks toTable(Sink<SlaAlert> table) {
            return new AlertSinks(
                    table, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        }

        public AlertSinks withTopic(Sink<SlaAlert> sink) {
            return new AlertSinks(table, Optional.of(sink), webhook, untouchedReports, clocks);
        }

        public AlertSinks withWebhook(Sink<SlaAlert> sink) {
            return new AlertSinks(table, topic, Optional.of(sink), untouchedReports, clocks);
        }

        public AlertSinks withUntouchedReports(Sink<UntouchedLead> sink) {
            return new AlertSinks(table, topic, webhook, Optional.of(sink), clocks);
        }

        /**
         * Every SLA clock's facts, and the clocks waiting for their outcome: with them, SLA
         * compliance per policy, owner and day is kept in {@code sla_daily} too.
         */
        public AlertSinks withClocks(Sink<SlaClockRow> facts, Sink<SlaPendingRow> pending) {
            return new AlertSinks(
                    table,
                    topic,
                    webhook,
                    untouchedReports,
                    Optional.of(new ClockSinks(facts, pending)));
        }
    }

    /**
     * Where SLA clocks go: their facts ({@code sla_clocks}) and the ones waiting for an outcome
     * ({@code sla_pending}).
     */
    public record ClockSinks(Sink<SlaClockRow> facts, Sink<SlaPendingRow> pending) {
        public ClockSinks {
            Objects.requireNonNull(facts, "facts");
            Objects.requireNonNull(pending, "pending");
        }
    }

    /**
     * Where the scoring stage's outputs go: the {@code lead_scores} history, and, unless left out,
     * the status changes to MQL that sales-ready scores ask for (to the lead topic in the job).
     */
    public record ScoringSinks(Sink<LeadScoreRow> scores, Optional<Sink<LeadEvent>> qualified) {
        public ScoringSinks {
            Objects.requireNonNull(scores, "scores");
            Objects.requireNonNull(qualified, "qualified");
        }

        /** Scores only: sales-ready leads are not moved to MQL. */
        public static ScoringSinks scoresOnly(Sink<LeadScoreRow> scores) {
            return new ScoringSinks(scores, Optional.empty());
        }

        public ScoringSinks withQualified(Sink<LeadEvent> sink) {
            return new ScoringSinks(scores, Optional.of(sink));
        }
    }

    /**
     * What the scoring stage scores with.
     *
     * @param initial the models at a fresh start; null for no scoring
     * @param updates the config topic, whose scoring commands change them; null for none
     */
    public record Scoring(ScoringRegistry initial, DataStream<ConfigMessage> updates) {

        /** No scoring. */
        public static Scoring off() {
            return new Scoring(null, null);
        }
    }

    private static void require(Object value, String what) {
        if (value == null) {
            throw new IllegalStateException("LeadflowPipeline.Sinks: " + what + " is not set");
        }
    }

    /**
     * What the alerting stage acts on.
     *
     * @param rules the SLA policies and hot-lead rules at start
     * @param ruleUpdates documents from the config topic that replace the rules; null for none
     * @param untouchedReport when the untouched-leads summary goes out ({@code off} for never)
     * @param untouchedAfter how long without activity puts an open lead in the summary
     * @param summaryGrace how long after a report time an owner's summary is taken as complete
     */
    public record Alerting(
            AlertRules rules,
            DataStream<ConfigMessage> ruleUpdates,
            ReportSchedule untouchedReport,
            Duration untouchedAfter,
            Duration summaryGrace) {

        /** These rules, no config topic, no untouched-leads summary. */
        public static Alerting of(AlertRules rules) {
            return new Alerting(
                    rules,
                    null,
                    ReportSchedule.parse("off"),
                    Duration.ofDays(7),
                    Duration.ofSeconds(10));
        }
    }

    private LeadflowPipeline() {}

    /**
     * Wires parsed records to the sinks.
     *
     * @param input one record per input Kafka record, with event-time timestamps and watermarks
     * @param dedupTtl how long an eventId is remembered to drop its duplicates
     * @param allowedLateness how far behind the watermark an event is still applied
     * @param policy which status changes are allowed
     * @param flushInterval how often a changed lead row or aggregate row is written at most
     * @param alerting the alerting rules and their updates; used when the sinks have alerts
     */
    public static void wire(
            DataStream<SourceRecord> input,
            Sinks sinks,
            Duration dedupTtl,
            Duration allowedLateness,
            TransitionPolicy policy,
            Duration flushInterval,
            Alerting alerting) {
        wire(
                input,
                sinks,
                dedupTtl,
                allowedLateness,
                policy,
                flushInterval,
                alerting,
                Scoring.off());
    }

    /**
     * Wires parsed records to the sinks, with scoring when the sinks have it and {@code scoring}
     * has a model.
     */
    public static void wire(
            DataStream<SourceRecord> input,
            Sinks sinks,
            Duration dedupTtl,
            Duration allowedLateness,
            TransitionPolicy policy,
            Duration flushInterval,
            Alerting alerting,
            Scoring scoring) {
        SingleOutputStreamOperator<LeadEvent> leadEvents =
                input.process(new RouteRecords()).name("route-records").uid("route-records");

        boolean alertingOn = sinks.alerts().isPresent();
        DataStream<String> acceptedRules = null;
        DataStream<DeadLetter> deadLetters = leadEvents.getSideOutput(RouteRecords.DEAD_LETTERS);
        if (alertingOn && alerting.ruleUpdates() != null) {
            SingleOutputStreamOperator<String> validated =
                    alerting.ruleUpdates()
                            .filter(message -> !ScoringRegistry.isCommand(message.value()))
                            .name("alert-rule-documents")
                            .uid("alert-rule-documents")
                            .setParallelism(1)
                            .process(new ValidateAlertRules(scoring.initial() != null))
                            .name("validate-alert-rules")
                            .uid("validate-alert-rules")
                            .setParallelism(1);
            deadLetters = deadLetters.union(validated.getSideOutput(ValidateAlertRules.REFUSED));
            acceptedRules = validated;
        }
        boolean scoringOn = sinks.scoring().isPresent() && scoring.initial() != null;
        DataStream<String> registries = null;
        if (scoringOn && scoring.updates() != null) {
            SingleOutputStreamOperator<String> validated =
                    scoring.updates()
                            .filter(message -> ScoringRegistry.isCommand(message.value()))
                            .name("scoring-commands")
                            .uid("scoring-commands")
                            .setParallelism(1)
                            .keyBy(
                                    message -> ValidateScoringCommands.KEY,
                                    WholeRecordTypeInfo.STRING_KEY)
                            .process(new ValidateScoringCommands(scoring.initial()))
                            .name("validate-scoring")
                            .uid("validate-scoring")
                            .setParallelism(1);
            deadLetters =
                    deadLetters.union(validated.getSideOutput(ValidateScoringCommands.REFUSED));
            registries = validated;
        }
        DataStream<DeadLetter> allDeadLetters = deadLetters;
        allDeadLetters
                .sinkTo(sinks.deadLetterTable())
                .name("dead-letters-table")
                .uid("dead-letters-table");
        sinks.deadLetterTopic()
                .ifPresent(
                        topic ->
                                allDeadLetters
                                        .sinkTo(topic)
                                        .name("dead-letters-topic")
                                        .uid("dead-letters-topic"));
        leadEvents
                .getSideOutput(RouteRecords.CAMPAIGN_COSTS)
                .sinkTo(sinks.campaignCosts())
                .name("campaign-costs")
                .uid("campaign-costs");

        leadEvents.sinkTo(sinks.eventClock()).name("event-clock").uid("event-clock");
        SingleOutputStreamOperator<LeadStateRow> leadState =
                leadEvents
                        .keyBy(LeadEvent::leadId, WholeRecordTypeInfo.STRING_KEY)
                        .process(
                                new LeadLifecycleFunction(
                                        dedupTtl,
                                        allowedLateness,
                                        policy,
                                        flushInterval,
                                        LeadLifecycleFunction.DEFAULT_MAX_HISTORY,
                                        scoringOn))
                        .name("lead-lifecycle")
                        .uid("lead-lifecycle");
        DataStream<LeadStateRow> leadRows =
                leadState.getSideOutput(LeadLifecycleFunction.LEAD_ROWS);
        // With scoring, the SLA clocks and hot-lead rules see each row and activity with the
        // lead's score after the same events.
        DataStream<LeadStateRow> scoredRows = leadState;
        DataStream<InboundActivity> inbound =
                leadState.getSideOutput(LeadLifecycleFunction.INBOUND_ACTIVITIES);
        DataStream<AggregateDelta> deltas =
                leadState.getSideOutput(LeadLifecycleFunction.AGGREGATE_DELTAS);
        if (scoringOn) {
            if (registries == null) {
                registries =
                        leadEvents
                                .flatMap(new NoRuleUpdates())
                                .name("no-scoring-updates")
                                .uid("no-scoring-updates");
            }
            SingleOutputStreamOperator<LeadScoreRow> scores =
                    wireScoring(
                            leadState,
                            registries,
                            sinks.scoring().get(),
                            scoring.initial(),
                            flushInterval);
            leadRows = scores.getSideOutput(LeadScoringFunction.LEAD_STATE);
            scoredRows = scores.getSideOutput(LeadScoringFunction.SCORED_ROWS);
            inbound = scores.getSideOutput(LeadScoringFunction.SCORED_INBOUND);
            // The score rows are already partitioned by lead: read them as keyed where they are,
            // chained, rather than shipping every row with its explanation to another task.
            deltas =
                    deltas.union(
                            DataStreamUtils.reinterpretAsKeyedStream(
                                            scores,
                                            LeadScoreRow::leadId,
                                            WholeRecordTypeInfo.STRING_KEY)
                                    .process(new ScoreCalibrationFunction())
                                    .name("score-calibration")
                                    .uid("score-calibration"));
        }
        leadRows.sinkTo(sinks.leadState()).name("lead-state").uid("lead-state");
        if (alertingOn) {
            if (acceptedRules == null) {
                // No config topic (bounded runs): a stream that never carries a document and
                // follows the events' watermark, so it holds nothing back and ends with them.
                acceptedRules =
                        leadEvents
                                .flatMap(new NoRuleUpdates())
                                .name("no-rule-updates")
                                .uid("no-rule-updates");
            }
            Optional<DataStream<AggregateDelta>> slaDeltas =
                    wireAlerts(
                            leadState,
                            scoredRows,
                            inbound,
                            acceptedRules.broadcast(RulesInForce.STATE),
                            sinks.alerts().get(),
                            alerting);
            if (slaDeltas.isPresent()) {
                deltas = deltas.union(slaDeltas.get());
            }
        }
        deltas.keyBy(delta -> delta.key().partitionKey(), WholeRecordTypeInfo.STRING_KEY)
                .process(new AggregateTotalsFunction(flushInterval))
                .name("aggregate-totals")
                .uid("aggregate-totals")
                .sinkTo(sinks.aggregates())
                .name("aggregates")
                .uid("aggregates");
        leadState
                .getSideOutput(LeadLifecycleFunction.LATE_EVENTS)
                .sinkTo(sinks.lateEvents())
                .name("late-events")
                .uid("late-events");
    }

    /** Emits nothing: the rule updates of a run without a config topic. */
    private static final class NoRuleUpdates
            implements FlatMapFunction<LeadEvent, String>, ResultTypeQueryable<String> {
        private static final long serialVersionUID = 1L;

        @Override
        public void flatMap(LeadEvent event, Collector<String> out) {}

        @Override
        public TypeInformation<String> getProducedType() {
            return Types.STRING;
        }
    }

    /** Wires the scoring stage; returns it, for its scored rows and activities. */
    private static SingleOutputStreamOperator<LeadScoreRow> wireScoring(
            SingleOutputStreamOperator<LeadStateRow> leadState,
            DataStream<String> registries,
            ScoringSinks sinks,
            ScoringRegistry initial,
            Duration flushInterval) {
        SingleOutputStreamOperator<LeadScoreRow> scores =
                LeadScoringOperator.apply(
                                leadState
                                        .getSideOutput(LeadLifecycleFunction.SCORING_INPUTS)
                                        .keyBy(
                                                input -> input.lead().leadId(),
                                                WholeRecordTypeInfo.STRING_KEY),
                                registries,
                                new LeadScoringFunction(initial, flushInterval))
                        .name("lead-scoring")
                        .uid("lead-scoring");
        scores.sinkTo(sinks.scores()).name("lead-scores").uid("lead-scores");
        sinks.qualified()
                .ifPresent(
                        qualified ->
                                scores.getSideOutput(LeadScoringFunction.SCORE_QUALIFIED)
                                        .sinkTo(qualified)
                                        .name("score-qualified")
                                        .uid("score-qualified"));
        return scores;
    }

    /** Wires the alerting stage; returns its changes to {@code sla_daily} when clocks are kept. */
    private static Optional<DataStream<AggregateDelta>> wireAlerts(
            SingleOutputStreamOperator<LeadStateRow> leadState,
            DataStream<LeadStateRow> rows,
            DataStream<InboundActivity> inbound,
            BroadcastStream<String> rules,
            AlertSinks sinks,
            Alerting alerting) {
        SingleOutputStreamOperator<SlaAlert> slaAlerts =
                rows.keyBy(row -> row.lead().leadId(), WholeRecordTypeInfo.STRING_KEY)
                        .connect(rules)
                        .process(
                                new SlaTimerFunction(
                                        alerting.rules(),
                                        alerting.untouchedReport(),
                                        alerting.untouchedAfter()))
                        .name("sla-timers")
                        .uid("sla-timers");
        DataStream<SlaAlert> hotLeads =
                inbound.keyBy(InboundActivity::leadId, WholeRecordTypeInfo.STRING_KEY)
                        .connect(rules)
                        .process(new HotLeadFunction(alerting.rules()))
                        .name("hot-leads")
                        .uid("hot-leads");
        sinks.clocks()
                .ifPresent(
                        clocks -> {
                            slaAlerts
                                    .getSideOutput(SlaTimerFunction.SLA_CLOCKS)
                                    .sinkTo(clocks.facts())
                                    .name("sla-clocks")
                                    .uid("sla-clocks");
                            slaAlerts
                                    .getSideOutput(SlaTimerFunction.SLA_PENDING)
                                    .sinkTo(clocks.pending())
                                    .name("sla-pending")
                                    .uid("sla-pending");
                        });
        DataStream<UntouchedLead> untouched = slaAlerts.getSideOutput(SlaTimerFunction.UNTOUCHED);
        sinks.untouchedReports()
                .ifPresent(
                        reports ->
                                untouched
                                        .sinkTo(reports)
                                        .name("untouched-reports")
                                        .uid("untouched-reports"));
        DataStream<SlaAlert> summaries =
                untouched
                        .keyBy(UntouchedLead::owner)
                        .process(
                                new UntouchedSummaryFunction(
                                        alerting.summaryGrace(), alerting.untouchedAfter()))
                        .name("untouched-summaries")
                        .uid("untouched-summaries");
        DataStream<SlaAlert> alerts = slaAlerts.union(hotLeads, summaries);
        alerts.sinkTo(sinks.table()).name("sla-alerts-table").uid("sla-alerts-table");
        sinks.webhook()
                .ifPresent(
                        webhook -> alerts.sinkTo(webhook).name("sla-webhook").uid("sla-webhook"));
        sinks.topic()
                .ifPresent(
                        topic ->
                                alerts.sinkTo(topic)
                                        .name("sla-alerts-topic")
                                        .uid("sla-alerts-topic"));
        return sinks.clocks().map(c -> slaAlerts.getSideOutput(SlaTimerFunction.SLA_DELTAS));
    }
}
