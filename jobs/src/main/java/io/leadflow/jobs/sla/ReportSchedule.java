package io.leadflow.jobs.sla;

import io.leadflow.jobs.time.DurationSyntax;

import java.io.Serializable;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;

/**
 * When a scheduled report (the untouched-leads summary) is due: {@code weekly MON 08:00
 * Europe/Berlin}, {@code daily 08:00 UTC}, or {@code every 10m} (multiples of the period since the
 * epoch, for demos and tests), or {@code off}. Wall-clock times follow the zone's daylight-saving
 * rules.
 *
 * @param text the schedule as written
 * @param day the weekday for weekly schedules, else null
 * @param time the local time for weekly and daily schedules, else null
 * @param zone the time zone of {@code time}
 * @param every the period of {@code every} schedules, else null
 */
public record ReportSchedule(
        String text, DayOfWeek day, LocalTime time, ZoneId zone, Duration every)
        implements Serializable {

    /**
     * Parses a schedule.
     *
     * @throws IllegalArgumentException saying what is wrong and what is expected
     */
    public static ReportSchedule parse(String text) {
        String[] words = text.strip().split("\\s+");
        String kind = words[0].toLowerCase(Locale.ROOT);
        try {
            switch (kind) {
                case "off":
                    if (words.length == 1) {
                        return new ReportSchedule("off", null, null, ZoneOffset.UTC, null);
                    }
                    break;
                case "weekly":
                    if (words.length == 3 || words.length == 4) {
                        return new ReportSchedule(
                                text.strip(),
                                weekday(words[1]),
                                LocalTime.parse(words[2]),
                                words.length == 4 ? ZoneId.of(words[3]) : ZoneOffset.UTC,
                                null);
                    }
                    break;
                case "daily":
                    if (words.length == 2 || words.length == 3) {
                        return new ReportSchedule(
                                text.strip(),
                                null,
                                LocalTime.parse(words[1]),
                                words.length == 3 ? ZoneId.of(words[2]) : ZoneOffset.UTC,
                                null);
                    }
                    break;
                case "every":
                    if (words.length == 2) {
                        Duration every = DurationSyntax.parse(words[1]);
                        if (every.toSeconds() < 1) {
                            throw new IllegalArgumentException("the period must be 1s or more");
                        }
                        return new ReportSchedule(text.strip(), null, null, ZoneOffset.UTC, every);
                    }
                    break;
                default:
                    break;
            }
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        throw new IllegalArgumentException(
                "expected 'weekly MON 08:00 [zone]', 'daily 08:00 [zone]', 'every 10m' or 'off'");
    }

    /** Whether no report is scheduled. */
    public boolean isOff() {
        return time == null && every == null;
    }

    /** The first report time strictly after {@code afterMillis}, epoch ms. */
    public long next(long afterMillis) {
        if (isOff()) {
            throw new IllegalStateException("the report is off");
        }
        if (every != null) {
            long period = every.toMillis();
            return Math.floorDiv(afterMillis, period) * period + period;
        }
        ZonedDateTime after = Instant.ofEpochMilli(afterMillis).atZone(zone);
        ZonedDateTime candidate = after.with(time);
        if (day != null) {
            candidate = candidate.with(TemporalAdjusters.nextOrSame(day));
        }
        if (!candidate.isAfter(after)) {
            candidate =
                    day != null
                            ? candidate.plusWeeks(1).with(time)
                            : candidate.plusDays(1).with(time);
        }
        return candidate.toInstant().toEpochMilli();
    }

    private static DayOfWeek weekday(String name) {
        for (DayOfWeek d : DayOfWeek.values()) {
            if (name.length() >= 3 && d.name().startsWith(name.toUpperCase(Locale.ROOT))) {
                return d;
            }
        }
        throw new IllegalArgumentException("'" + name + "' is not a weekday (MON..SUN)");
    }

    @Override
    public String toString() {
        return text;
    }
}
