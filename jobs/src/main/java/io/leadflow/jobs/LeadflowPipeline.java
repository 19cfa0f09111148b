package io.leadflow.jobs;

import io.leadflow.jobs.io.SourceRecord;
import io.leadflow.jobs.lifecycle.TransitionPolicy;
import io.leadflow.jobs.operators.LeadLifecycleFunction;
import io.leadflow.jobs.operators.RouteRecords;
import io.leadflow.jobs.rows.CampaignCostRow;
import io.leadflow.jobs.rows.DeadLetter;
import io.leadflow.jobs.rows.LateEventRow;
import io.leadflow.jobs.rows.LeadStateRow;
import io.leadflow.jobs.sla.SlaAlert;
import io.leadflow.jobs.sla.SlaPolicy;
import io.leadflow.jobs.sla.SlaTimerFunction;
import io.leadflow.schema.event.LeadEvent;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

import java.time.Duration;
import java.util.List;

/**
 * The leadflow dataflow, built by one function for the job's {@code main}, the demo and the tests
 * alike: only the input stream and the sinks differ. Operator uids are fixed here so savepoints
 * survive upgrades; never change one without a state migration plan.
 */
public final class LeadflowPipeline {

    /**
     * Where the pipeline's outputs go. {@code deadLetterTopic}, {@code slaAlertsTopic} and {@code
     * slaWebhook} may be null (no such output); the SLA sinks are only used when there are SLA
     * policies.
     */
    public record Sinks(
            Sink<LeadStateRow> leadState,
            Sink<DeadLetter> deadLetterTable,
            Sink<DeadLetter> deadLetterTopic,
            Sink<CampaignCostRow> campaignCosts,
            Sink<LateEventRow> lateEvents,
            Sink<SlaAlert> slaAlertsTable,
            Sink<SlaAlert> slaAlertsTopic,
            Sink<SlaAlert> slaWebhook) {}

    private LeadflowPipeline() {}

    /**
     * Wires parsed records to the sinks.
     *
     * @param input one record per input Kafka record, with event-time timestamps and watermarks
     * @param dedupTtl how long an eventId is remembered to drop its duplicates
     * @param allowedLateness how far behind the watermark an event is still applied
     * @param policy which status changes are allowed
     * @param slaPolicies the SLA policies to raise alerts for; none adds no SLA stage
     */
    public static void wire(
            DataStream<SourceRecord> input,
            Sinks sinks,
            Duration dedupTtl,
            Duration allowedLateness,
            TransitionPolicy policy,
            List<SlaPolicy> slaPolicies) {
        SingleOutputStreamOperator<LeadEvent> leadEvents =
                input.process(new RouteRecords()).name("route-records").uid("route-records");

        DataStream<DeadLetter> deadLetters = leadEvents.getSideOutput(RouteRecords.DEAD_LETTERS);
        deadLetters
                .sinkTo(sinks.deadLetterTable())
                .name("dead-letters-table")
                .uid("dead-letters-table");
        if (sinks.deadLetterTopic() != null) {
            deadLetters
                    .sinkTo(sinks.deadLetterTopic())
                    .name("dead-letters-topic")
                    .uid("dead-letters-topic");
        }
        leadEvents
                .getSideOutput(RouteRecords.CAMPAIGN_COSTS)
                .sinkTo(sinks.campaignCosts())
                .name("campaign-costs")
                .uid("campaign-costs");

        SingleOutputStreamOperator<LeadStateRow> leadState =
                leadEvents
                        .keyBy(LeadEvent::leadId)
                        .process(new LeadLifecycleFunction(dedupTtl, allowedLateness, policy))
                        .name("lead-lifecycle")
                        .uid("lead-lifecycle");
        leadState.sinkTo(sinks.leadState()).name("lead-state").uid("lead-state");
        if (!slaPolicies.isEmpty()) {
            DataStream<SlaAlert> alerts =
                    leadState
                            .keyBy(row -> row.lead().leadId())
                            .process(new SlaTimerFunction(slaPolicies))
                            .name("sla-timers")
                            .uid("sla-timers");
            alerts.sinkTo(sinks.slaAlertsTable()).name("sla-alerts-table").uid("sla-alerts-table");
            if (sinks.slaWebhook() != null) {
                alerts.sinkTo(sinks.slaWebhook()).name("sla-webhook").uid("sla-webhook");
            }
            if (sinks.slaAlertsTopic() != null) {
                alerts.sinkTo(sinks.slaAlertsTopic())
                        .name("sla-alerts-topic")
                        .uid("sla-alerts-topic");
            }
        }
        leadState
                .getSideOutput(LeadLifecycleFunction.LATE_EVENTS)
                .sinkTo(sinks.lateEvents())
                .name("late-events")
                .uid("late-events");
    }
}
