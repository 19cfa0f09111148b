package io.leadflow.generator;

import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The generator's only source of chance: a seeded {@link SplittableRandom} plus the few draws a
 * lead journey needs (coin flips, weighted picks, log-normal delays). Everything goes through
 * {@link StrictMath} so the same seed yields byte-identical histories on every JVM and platform.
 */
final class Dice {

    private final SplittableRandom random;

    Dice(SplittableRandom random) {
        this.random = random;
    }

    /** An independent stream, so one lead's draws never shift another lead's. */
    Dice split() {
        return new Dice(random.split());
    }

    boolean chance(double probability) {
        return random.nextDouble() < probability;
    }

    int between(int minInclusive, int maxInclusive) {
        return random.nextInt(minInclusive, maxInclusive + 1);
    }

    long between(long minInclusive, long maxInclusive) {
        return random.nextLong(minInclusive, maxInclusive + 1);
    }

    double uniform(double min, double max) {
        return min + (max - min) * random.nextDouble();
    }

    <T> T pick(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }

    /** Picks {@code options[i]} with probability {@code weights[i] / sum(weights)}. */
    <T> T weighted(List<T> options, double... weights) {
        if (options.size() != weights.length) {
            throw new IllegalArgumentException("options and weights differ in size");
        }
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double roll = random.nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            roll -= weights[i];
            if (roll < 0) {
                return options.get(i);
            }
        }
        return options.get(options.size() - 1);
    }

    /**
     * A log-normal delay: most draws near the median, a long right tail. Human response times (lead
     * follow-up, deal cycles) are famously shaped like this.
     */
    Duration logNormal(Duration median, double sigma) {
        double seconds = logNormal((double) median.toSeconds(), sigma);
        return Duration.ofSeconds(Math.max(1L, Math.round(Math.min(seconds, 3.0e8))));
    }

    /** A log-normal quantity with the given median, e.g. company head count or deal size. */
    double logNormal(double median, double sigma) {
        return median * StrictMath.exp(sigma * gaussian());
    }

    /** Box–Muller with StrictMath; {@code SplittableRandom.nextGaussian} may vary by JDK. */
    private double gaussian() {
        double u1 = 1.0 - random.nextDouble();
        double u2 = random.nextDouble();
        return StrictMath.sqrt(-2.0 * StrictMath.log(u1))
                * StrictMath.cos(2.0 * StrictMath.PI * u2);
    }
}
