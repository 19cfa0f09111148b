package io.leadflow.cli.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Nearest-rank percentiles of measured milliseconds, as the benchmarks print them. */
final class Percentiles {

    private Percentiles() {}

    /** {@code p50 .. ms, p90 .. ms, p99 .. ms, max .. ms}, or {@code n/a} for none. */
    static String of(List<Long> millis) {
        if (millis.isEmpty()) {
            return "n/a";
        }
        List<Long> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        return String.format(
                "p50 %d ms, p90 %d ms, p99 %d ms, max %d ms",
                at(sorted, 0.5), at(sorted, 0.9), at(sorted, 0.99), sorted.get(sorted.size() - 1));
    }

    private static long at(List<Long> sorted, double q) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(q * sorted.size())));
    }
}
