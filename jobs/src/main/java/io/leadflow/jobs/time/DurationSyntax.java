package io.leadflow.jobs.time;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The textual form of durations in leadflow settings: a whole number with one unit ({@code 500ms},
 * {@code 10s}, {@code 5m}, {@code 2h}, {@code 7d}) or an ISO-8601 duration ({@code PT10S}). {@link
 * #format(Duration)} produces the shortest form that {@link #parse(String)} reads back to the same
 * value, so durations survive a round trip through text unchanged.
 */
public final class DurationSyntax {

    private static final Pattern SHORT_FORM =
            Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)", Pattern.CASE_INSENSITIVE);

    private DurationSyntax() {}

    /**
     * Parses a duration.
     *
     * @throws IllegalArgumentException with a message fit for a configuration error if the text is
     *     not a duration
     */
    public static Duration parse(String text) {
        String trimmed = text.trim();
        Matcher matcher = SHORT_FORM.matcher(trimmed);
        try {
            if (matcher.matches()) {
                long amount = Long.parseLong(matcher.group(1));
                switch (matcher.group(2).toLowerCase(Locale.ROOT)) {
                    case "ms":
                        return Duration.ofMillis(amount);
                    case "s":
                        return Duration.ofSeconds(amount);
                    case "m":
                        return Duration.ofMinutes(amount);
                    case "h":
                        return Duration.ofHours(amount);
                    default:
                        return Duration.ofDays(amount);
                }
            }
            String upper = trimmed.toUpperCase(Locale.ROOT);
            if (upper.startsWith("P") || upper.startsWith("-P") || upper.startsWith("+P")) {
                return Duration.parse(upper);
            }
        } catch (NumberFormatException | ArithmeticException | DateTimeParseException e) {
            throw new IllegalArgumentException("is not a duration or is too large");
        }
        throw new IllegalArgumentException(
                "is not a duration; use e.g. 500ms, 10s, 5m, 2h, 7d or ISO-8601 like PT10S");
    }

    /** Formats a duration in the largest whole unit, falling back to ISO-8601. */
    public static String format(Duration duration) {
        if (duration.isZero()) {
            return "0s";
        }
        // Negative or sub-millisecond values have no short form; ISO-8601 still parses back.
        if (duration.isNegative() || duration.getNano() % 1_000_000 != 0) {
            return duration.toString();
        }
        long millis;
        try {
            millis = duration.toMillis();
        } catch (ArithmeticException e) {
            return duration.toString();
        }
        if (millis % Duration.ofDays(1).toMillis() == 0) {
            return millis / Duration.ofDays(1).toMillis() + "d";
        }
        if (millis % Duration.ofHours(1).toMillis() == 0) {
            return millis / Duration.ofHours(1).toMillis() + "h";
        }
        if (millis % Duration.ofMinutes(1).toMillis() == 0) {
            return millis / Duration.ofMinutes(1).toMillis() + "m";
        }
        if (millis % 1000 == 0) {
            return millis / 1000 + "s";
        }
        return millis + "ms";
    }
}
