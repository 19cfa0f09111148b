package io.leadflow.jobs.time;

import java.io.Serializable;
import java.time.Duration;

/**
 * When coalesced rows go out: on the wall clock's multiples of the flush interval, the same
 * instants in every operator and for every key, so all the rows changed in one interval leave
 * together and each row leaves at most once per interval.
 */
public final class FlushClock implements Serializable {

    private static final long serialVersionUID = 1L;

    private final long intervalMillis;

    public FlushClock(Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("flush interval must be positive: " + interval);
        }
        this.intervalMillis = interval.toMillis();
    }

    /** The first flush instant after {@code nowMillis}. */
    public long next(long nowMillis) {
        return (Math.floorDiv(nowMillis, intervalMillis) + 1) * intervalMillis;
    }
}
