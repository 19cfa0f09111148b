package io.leadflow.jobs.aggregate;

/**
 * An aggregate row as written: absolute values, not a change, so whichever write of a key comes
 * last is the whole truth, and a version that grows across restarts and rescales ({@link
 * #nextVersion}).
 *
 * @param key the table and row
 * @param measures its counters and histograms
 * @param version ReplacingMergeTree version: the highest wins
 */
public record AggregateRow(AggregateKey key, Measures measures, long version) {

    /**
     * The version of the next write of a row: above the last one, and at least the wall clock in
     * microseconds. A counter alone would not do: a job restored from a checkpoint holds the
     * counter of that checkpoint, below versions it wrote after it, and its rows would lose to
     * those stale ones. The wall clock has moved on since any earlier write, so the restored job's
     * rows win.
     */
    public static long nextVersion(long lastVersion, long nowMillis) {
        return Math.max(lastVersion + 1, nowMillis * 1_000);
    }
}
