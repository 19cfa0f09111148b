package io.leadflow.jobs.aggregate;

import java.time.LocalDate;

/**
 * Calendar periods of event times, in UTC and on whole seconds, exactly as ClickHouse's {@code
 * toDate}, {@code toStartOfMonth} and {@code toHour} see a {@code DateTime('UTC')} column: the
 * aggregates and the per-lead views must put every lead in the same period.
 */
public final class EventDays {

    private static final long DAY_MILLIS = 86_400_000L;

    private EventDays() {}

    /** Whole seconds, as a {@code DateTime} column holds them. */
    public static long seconds(long epochMillis) {
        return Math.floorDiv(epochMillis, 1000);
    }

    /** The UTC day, {@code YYYY-MM-DD}. */
    public static String day(long epochMillis) {
        return LocalDate.ofEpochDay(Math.floorDiv(epochMillis, DAY_MILLIS)).toString();
    }

    /** The first day of the UTC month, {@code YYYY-MM-01}. */
    public static String month(long epochMillis) {
        return LocalDate.ofEpochDay(Math.floorDiv(epochMillis, DAY_MILLIS))
                .withDayOfMonth(1)
                .toString();
    }

    /** The UTC hour of day, 0 to 23. */
    public static int hour(long epochMillis) {
        return (int) (Math.floorMod(epochMillis, DAY_MILLIS) / 3_600_000L);
    }

    /** Whole days from {@code fromMillis} to {@code toMillis}, rounded up, 0 at the least. */
    public static long daysUpTo(long fromMillis, long toMillis) {
        long seconds = Math.max(0, seconds(toMillis) - seconds(fromMillis));
        return (seconds + 86_399L) / 86_400L;
    }
}
