package io.leadflow.jobs.operators;

import io.leadflow.jobs.aggregate.AggregateDelta;
import io.leadflow.jobs.aggregate.AggregateRow;
import io.leadflow.jobs.aggregate.Measures;
import io.leadflow.jobs.state.WholeRecordTypeInfo;
import io.leadflow.jobs.time.FlushClock;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.time.Duration;

/**
 * Sums the changes to each aggregate row (keyed by {@link
 * io.leadflow.jobs.aggregate.AggregateKey#partitionKey()}) in keyed state, and writes a changed row
 * with its absolute values at most once per flush interval, on the shared {@link FlushClock}
 * instants, and once more when the input ends. A row whose values fall back to zero is written as
 * zeros and then forgotten.
 */
public final class AggregateTotalsFunction
        extends KeyedProcessFunction<String, AggregateDelta, AggregateRow> {

    private static final long serialVersionUID = 1L;

    private final FlushClock flushes;
    private transient ValueState<AggregateDelta> totals;
    private transient ValueState<Long> lastVersion;
    private transient RowSchedule rows;

    public AggregateTotalsFunction(Duration flushInterval) {
        this.flushes = new FlushClock(flushInterval);
    }

    @Override
    public void open(OpenContext openContext) {
        totals =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "totals",
                                        WholeRecordTypeInfo.ofImmutable(AggregateDelta.class)));
        lastVersion =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("last-version", Types.LONG));
        rows = new RowSchedule(flushes, getRuntimeContext());
    }

    @Override
    public void processElement(AggregateDelta delta, Context ctx, Collector<AggregateRow> out)
            throws Exception {
        AggregateDelta sum = totals.value();
        Measures now = sum == null ? delta.change() : sum.change().plus(delta.change(), 1);
        totals.update(new AggregateDelta(delta.key(), now));
        rows.plan(ctx.timerService());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<AggregateRow> out)
            throws Exception {
        if (!rows.fires(timestamp, ctx.timeDomain(), ctx.timerService())) {
            return;
        }
        AggregateDelta sum = totals.value();
        Long last = lastVersion.value();
        long version =
                AggregateRow.nextVersion(
                        last == null ? 0 : last, ctx.timerService().currentProcessingTime());
        out.collect(new AggregateRow(sum.key(), sum.change(), version));
        if (sum.change().isZero()) {
            totals.clear();
            lastVersion.clear();
        } else {
            lastVersion.update(version);
        }
    }
}
