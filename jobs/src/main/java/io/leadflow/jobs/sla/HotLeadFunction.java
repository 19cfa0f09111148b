package io.leadflow.jobs.sla;

import io.leadflow.jobs.lifecycle.InboundActivity;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Raises a hot-lead alert for the owner the moment an inbound activity matches a hot-lead rule (see
 * {@link HotLeadRule}). Per lead and rule it remembers the event time of the last alert, so a burst
 * of pricing-page views within the rule's cool-down is one alert, whatever order the views arrive
 * in. An activity older than the rule's {@code freshFor} when the job sees it (a replay of history)
 * is recorded but not live, so a replay does not page anybody.
 */
public final class HotLeadFunction
        extends KeyedBroadcastProcessFunction<String, InboundActivity, String, SlaAlert> {

    private static final long serialVersionUID = 1L;

    private final RulesInForce rules;
    private transient MapState<String, Long> lastAlerted;

    public HotLeadFunction(AlertRules initial) {
        this.rules = new RulesInForce(initial);
    }

    @Override
    public void open(OpenContext openContext) {
        lastAlerted =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "hot-lead-last-alerted", Types.STRING, Types.LONG));
    }

    @Override
    public void processBroadcastElement(String rulesText, Context ctx, Collector<SlaAlert> out)
            throws Exception {
        ctx.getBroadcastState(RulesInForce.STATE).put(RulesInForce.KEY, rulesText);
    }

    @Override
    public void processElement(InboundActivity signal, ReadOnlyContext ctx, Collector<SlaAlert> out)
            throws Exception {
        long now = ctx.timerService().currentProcessingTime();
        for (HotLeadRule rule :
                rules.current(ctx.getBroadcastState(RulesInForce.STATE)).hotLeads()) {
            if (!rule.matches(signal)) {
                continue;
            }
            Long last = lastAlerted.get(rule.name());
            long at = signal.occurredAtMillis();
            if (last != null && Math.abs(at - last) < rule.cooldown().toMillis()) {
                continue;
            }
            lastAlerted.put(rule.name(), at);
            out.collect(
                    new SlaAlert(
                            signal.leadId() + "/" + rule.name() + "/" + at + "/HOT_LEAD",
                            SlaAlert.Kind.HOT_LEAD,
                            rule.name(),
                            signal.leadId(),
                            signal.owner(),
                            signal.team(),
                            SlaAlert.recipientOf(signal.owner(), signal.team()),
                            at,
                            at,
                            null,
                            now,
                            SlaAlert.freshUntil(at, rule.freshFor()),
                            HotLeadRule.describe(signal.activity())));
        }
    }
}
