package io.leadflow.jobs.aggregate;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * The values of one aggregate row, or a change to them: its counters, and its histograms as sparse
 * bucket counts. Immutable; {@link #plus} makes a new one. Histogram counts are kept as pairs of
 * (slot, count) sorted by slot, a slot being {@code histogram << 16 | bucket}, so a row holds only
 * the buckets it uses.
 *
 * @param counters one value per counter of the aggregate
 * @param histogram (slot, count) pairs, sorted by slot, no zero counts
 */
public record Measures(long[] counters, long[] histogram) {

    /** All zero, for an aggregate with {@code counters} counters. */
    public static Measures zero(int counters) {
        return new Measures(new long[counters], new long[0]);
    }

    /** This plus {@code sign} times {@code other}. */
    public Measures plus(Measures other, int sign) {
        long[] sum = counters.clone();
        for (int i = 0; i < sum.length; i++) {
            sum[i] += sign * other.counters[i];
        }
        if (other.histogram.length == 0) {
            return new Measures(sum, histogram);
        }
        TreeMap<Long, Long> buckets = new TreeMap<>();
        addPairs(buckets, histogram, 1);
        addPairs(buckets, other.histogram, sign);
        return new Measures(sum, pairs(buckets));
    }

    /** Whether every counter and bucket is zero. */
    public boolean isZero() {
        return histogram.length == 0 && Arrays.stream(counters).allMatch(c -> c == 0);
    }

    /** The counts of one histogram, by bucket. */
    public long[] bucketCounts(int histogramIndex) {
        long[] counts = new long[DurationHistogram.buckets()];
        for (int i = 0; i < histogram.length; i += 2) {
            if (histogram[i] >>> 16 == histogramIndex) {
                counts[(int) (histogram[i] & 0xFFFF)] = histogram[i + 1];
            }
        }
        return counts;
    }

    static void addPairs(Map<Long, Long> buckets, long[] pairs, int sign) {
        for (int i = 0; i < pairs.length; i += 2) {
            buckets.merge(pairs[i], sign * pairs[i + 1], Long::sum);
        }
    }

    static long[] pairs(Map<Long, Long> buckets) {
        buckets.values().removeIf(c -> c == 0);
        long[] pairs = new long[buckets.size() * 2];
        int i = 0;
        for (Map.Entry<Long, Long> e : buckets.entrySet()) {
            pairs[i++] = e.getKey();
            pairs[i++] = e.getValue();
        }
        return pairs;
    }

    static long slot(int histogramIndex, int bucket) {
        return ((long) histogramIndex << 16) | bucket;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Measures m
                && Arrays.equals(counters, m.counters)
                && Arrays.equals(histogram, m.histogram);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(counters) + Arrays.hashCode(histogram);
    }

    @Override
    public String toString() {
        return "Measures" + Arrays.toString(counters) + Arrays.toString(histogram);
    }
}
