package io.leadflow.jobs.aggregate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The fixed log-scale buckets durations are counted in, so that quantiles can be read from small
 * aggregate tables instead of from every lead. Bucket 0 holds 0 s; buckets hold single seconds up
 * to 11 s, then each is about 1/11 (9.1 %) wider than the one before, up to ten years; the last
 * bucket holds everything longer. The bounds are integers from an integer recurrence, so the job,
 * the migration's {@code duration_buckets} table and any SQL agree on them exactly.
 *
 * <p>Error bound: a quantile read from the buckets is the {@link #representative} (middle) of the
 * bucket holding the exact nearest-rank quantile, so it is within half a bucket of it: at most 4.6
 * % off (and exact below 12 s) for durations under ten years. {@code quantileExactWeighted} over
 * (representative, count) in ClickHouse takes the same nearest rank, so the tables give these
 * figures.
 */
public final class DurationHistogram {

    /** Ten years, where the buckets stop growing. */
    static final long TOP_SECONDS = 10L * 365 * 86_400;

    private static final long[] LOWER = lowerBounds();

    private DurationHistogram() {}

    private static long[] lowerBounds() {
        List<Long> bounds = new ArrayList<>();
        bounds.add(0L);
        long bound = 1;
        while (bound <= TOP_SECONDS) {
            bounds.add(bound);
            bound = Math.max(bound + 1, bound + bound / 11);
        }
        return bounds.stream().mapToLong(Long::longValue).toArray();
    }

    /** How many buckets there are. */
    public static int buckets() {
        return LOWER.length;
    }

    /** The least duration, in seconds, of {@code bucket}. */
    public static long lowerSeconds(int bucket) {
        return LOWER[bucket];
    }

    /** The greatest duration of {@code bucket}, or {@link Long#MAX_VALUE} for the last. */
    public static long upperSeconds(int bucket) {
        return bucket + 1 < LOWER.length ? LOWER[bucket + 1] - 1 : Long.MAX_VALUE;
    }

    /** The bucket of a duration; negative durations count as 0 s. */
    public static int bucketOf(long seconds) {
        if (seconds <= 0) {
            return 0;
        }
        int at = Arrays.binarySearch(LOWER, seconds);
        return at >= 0 ? at : -at - 2;
    }

    /**
     * The value a bucket stands for in quantiles: the middle of its range (its lower bound last).
     */
    public static double representative(int bucket) {
        if (bucket + 1 >= LOWER.length) {
            return LOWER[bucket];
        }
        return (LOWER[bucket] + upperSeconds(bucket)) / 2.0;
    }

    /**
     * The nearest-rank quantile of a histogram given as bucket counts: the representative of the
     * first bucket whose cumulative count reaches {@code level} of the total; NaN when empty.
     */
    public static double quantile(long[] countsByBucket, double level) {
        long total = Arrays.stream(countsByBucket).sum();
        if (total == 0) {
            return Double.NaN;
        }
        double rank = level * total;
        long cumulative = 0;
        for (int b = 0; b < countsByBucket.length; b++) {
            cumulative += countsByBucket[b];
            if (cumulative >= rank && cumulative > 0) {
                return representative(b);
            }
        }
        return representative(countsByBucket.length - 1);
    }
}
