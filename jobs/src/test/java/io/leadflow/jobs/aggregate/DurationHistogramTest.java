package io.leadflow.jobs.aggregate;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class DurationHistogramTest {

    @Test
    void bucketsCoverEveryDurationOnceAndAreExactBelowTwelveSeconds() {
        for (int b = 0; b + 1 < DurationHistogram.buckets(); b++) {
            assertThat(DurationHistogram.upperSeconds(b) + 1)
                    .isEqualTo(DurationHistogram.lowerSeconds(b + 1));
            assertThat(DurationHistogram.bucketOf(DurationHistogram.lowerSeconds(b))).isEqualTo(b);
            assertThat(DurationHistogram.bucketOf(DurationHistogram.upperSeconds(b))).isEqualTo(b);
        }
        for (long s = 0; s < 12; s++) {
            assertThat(DurationHistogram.representative(DurationHistogram.bucketOf(s)))
                    .isEqualTo((double) s);
        }
        assertThat(DurationHistogram.bucketOf(-5)).isZero();
    }

    @Test
    void aRepresentativeIsWithinTheStatedBoundOfEveryDurationInItsBucket() {
        Random random = new Random(12);
        for (int i = 0; i < 200_000; i++) {
            long seconds =
                    (long) Math.exp(random.nextDouble() * Math.log(DurationHistogram.TOP_SECONDS));
            double representative =
                    DurationHistogram.representative(DurationHistogram.bucketOf(seconds));
            assertThat(Math.abs(representative - seconds))
                    .as("%d s", seconds)
                    .isLessThanOrEqualTo(0.046 * seconds);
        }
    }

    @Test
    void quantilesFromBucketsAreWithinTheBoundOfTheExactNearestRank() {
        Random random = new Random(3);
        long[] durations = new long[10_001];
        long[] counts = new long[DurationHistogram.buckets()];
        for (int i = 0; i < durations.length; i++) {
            durations[i] = (long) (random.nextGaussian() * 3_000 + 20_000);
            counts[DurationHistogram.bucketOf(durations[i])]++;
        }
        Arrays.sort(durations);
        for (double level : new double[] {0.5, 0.9, 0.99}) {
            long exact = durations[(int) Math.ceil(level * durations.length) - 1];
            assertThat(DurationHistogram.quantile(counts, level))
                    .as("p%s", level * 100)
                    .isCloseTo(exact, within(0.046 * exact));
        }
        assertThat(DurationHistogram.quantile(new long[DurationHistogram.buckets()], 0.5)).isNaN();
    }
}
