package io.leadflow.jobs.config;

import io.leadflow.jobs.time.DurationSyntax;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The conversion windows of the cohort funnel, in whole days after a lead's creation: "how many
 * leads created in March became SQL within 30 days". Written as a comma-separated list of durations
 * in days, e.g. {@code 7d, 30d, 90d}.
 *
 * @param days the windows, ascending and distinct
 */
public record ConversionWindows(List<Integer> days) implements Serializable {

    /** The most windows a setting may list; each one multiplies the rows of the view. */
    public static final int MAX_WINDOWS = 12;

    public ConversionWindows {
        days = List.copyOf(days);
    }

    /**
     * Parses e.g. {@code 7d, 30d, 90d}.
     *
     * @throws IllegalArgumentException saying which entry is wrong
     */
    public static ConversionWindows parse(String text) {
        TreeSet<Integer> days = new TreeSet<>();
        for (String entry : text.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            Duration window;
            try {
                window = DurationSyntax.parse(entry.strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "entry '" + entry.strip() + "': " + e.getMessage());
            }
            if (window.toDays() < 1
                    || window.toDays() > 3650
                    || window.toMillis() % Duration.ofDays(1).toMillis() != 0) {
                throw new IllegalArgumentException(
                        "entry '" + entry.strip() + "' must be a whole number of days, 1d..3650d");
            }
            days.add((int) window.toDays());
        }
        if (days.isEmpty()) {
            throw new IllegalArgumentException("must list at least one window, e.g. 7d, 30d");
        }
        if (days.size() > MAX_WINDOWS) {
            throw new IllegalArgumentException("lists more than " + MAX_WINDOWS + " windows");
        }
        return new ConversionWindows(List.copyOf(days));
    }

    @Override
    public String toString() {
        return days.stream().map(d -> d + "d").collect(Collectors.joining(", "));
    }
}
