package io.leadflow.jobs.operators;

import io.leadflow.jobs.io.SourceRecord;
import io.leadflow.jobs.rows.CampaignCostRow;
import io.leadflow.jobs.rows.DeadLetter;
import io.leadflow.schema.event.EventType;
import io.leadflow.schema.event.LeadEvent;

import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Splits the source stream: events about a lead continue to the keyed lifecycle, spend reports and
 * dead letters leave through side outputs.
 */
public final class RouteRecords extends ProcessFunction<SourceRecord, LeadEvent> {

    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};
    public static final OutputTag<CampaignCostRow> CAMPAIGN_COSTS =
            new OutputTag<>("campaign-costs") {};

    private static final long serialVersionUID = 1L;

    @Override
    public void processElement(SourceRecord record, Context ctx, Collector<LeadEvent> out) {
        if (record.deadLetter() != null) {
            ctx.output(DEAD_LETTERS, record.deadLetter());
            return;
        }
        LeadEvent event = record.event();
        if (event.type() == EventType.CAMPAIGN_COST) {
            ctx.output(
                    CAMPAIGN_COSTS,
                    new CampaignCostRow(
                            event.eventId(), event.occurredAtMillis(), event.campaignCost()));
        } else {
            out.collect(event);
        }
    }
}
