package io.leadflow.jobs.aggregate;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Collects what one lead (or one SLA clock) contributes to the aggregate tables: counter values and
 * durations per row. The same lead always yields the same contributions, which is what lets the job
 * retract them exactly when the lead changes.
 */
public final class Contributions {

    private static final class Row {
        final long[] counters;
        final TreeMap<Long, Long> buckets = new TreeMap<>();

        Row(int counters) {
            this.counters = new long[counters];
        }
    }

    private final Map<AggregateKey, Row> rows = new HashMap<>();

    private Row row(Aggregate aggregate, String... dimensions) {
        return rows.computeIfAbsent(
                new AggregateKey(aggregate, List.of(dimensions)),
                k -> new Row(aggregate.counters().size()));
    }

    /** Adds {@code value} to {@code counter} of the row {@code dimensions} of {@code aggregate}. */
    public Contributions add(
            Aggregate aggregate, String counter, long value, String... dimensions) {
        row(aggregate, dimensions).counters[aggregate.counter(counter)] += value;
        return this;
    }

    /** Counts a duration in {@code histogram} of the row. */
    public Contributions duration(
            Aggregate aggregate, String histogram, long seconds, String... dimensions) {
        long slot =
                Measures.slot(aggregate.histogram(histogram), DurationHistogram.bucketOf(seconds));
        row(aggregate, dimensions).buckets.merge(slot, 1L, Long::sum);
        return this;
    }

    /** What was collected, one {@link Measures} per row. */
    public Map<AggregateKey, Measures> toMap() {
        Map<AggregateKey, Measures> map = new HashMap<>();
        rows.forEach(
                (key, row) ->
                        map.put(
                                key,
                                new Measures(row.counters.clone(), Measures.pairs(row.buckets))));
        return map;
    }
}
