package io.leadflow.jobs.operators;

import io.leadflow.jobs.time.FlushClock;

import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.TimerService;

import java.io.IOException;

/**
 * When a keyed operator writes the row of its current key: at most once per flush interval, on the
 * shared {@link FlushClock} instants (a wall-clock timer), and once more when the input ends (a
 * timer on the last watermark), however many changes came in between. Keeps the planned instant in
 * keyed state, so a key has at most one of each timer.
 */
final class RowSchedule {

    private final FlushClock flushes;
    private final ValueState<Long> dueAt;

    RowSchedule(FlushClock flushes, RuntimeContext context) {
        this.flushes = flushes;
        this.dueAt = context.getState(new ValueStateDescriptor<>("row-due", Types.LONG));
    }

    /** Plans the key's row for the next flush instant, unless it is planned already. */
    void plan(TimerService timers) throws IOException {
        if (dueAt.value() != null) {
            return;
        }
        long due = flushes.next(timers.currentProcessingTime());
        timers.registerProcessingTimeTimer(due);
        timers.registerEventTimeTimer(Long.MAX_VALUE);
        dueAt.update(due);
    }

    /**
     * Whether the timer that fired is the key's planned row (or the end of the input); if so the
     * plan is done and the other timer of the pair is removed.
     */
    boolean fires(long timestamp, TimeDomain domain, TimerService timers) throws IOException {
        Long due = dueAt.value();
        // Other event-time timers of the key (a lifecycle's folds) are not rows.
        boolean endOfInput = domain == TimeDomain.EVENT_TIME && timestamp == Long.MAX_VALUE;
        boolean plannedFlush =
                domain == TimeDomain.PROCESSING_TIME && due != null && due == timestamp;
        if (due == null || !(endOfInput || plannedFlush)) {
            return false;
        }
        dueAt.clear();
        if (!endOfInput) {
            timers.deleteEventTimeTimer(Long.MAX_VALUE);
        }
        return true;
    }
}
