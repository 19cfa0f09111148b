package io.leadflow.jobs.sla;

import java.io.Serializable;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * When an SLA clock runs: opening hours per weekday in a time zone, minus holidays. A 24-hour SLA
 * on business hours started Friday at 17:00 is due on Monday, not Saturday. Days are taken in the
 * calendar's own zone, so a daylight-saving change moves the opening instant with the wall clock
 * (09:00 stays 09:00), and a day that is shorter or longer by an hour counts what it really has.
 *
 * @param zone the time zone the hours are given in
 * @param hours opening time and closing time per working weekday; weekdays not listed are closed
 * @param holidays dates (in {@code zone}) on which the calendar is closed all day
 */
public record BusinessHours(
        ZoneId zone, Map<DayOfWeek, OpeningHours> hours, Set<LocalDate> holidays)
        implements Serializable {

    /** Opening hours of one day, {@code open} before {@code close}, both on the same day. */
    public record OpeningHours(LocalTime open, LocalTime close) implements Serializable {
        public OpeningHours {
            Objects.requireNonNull(open, "open");
            Objects.requireNonNull(close, "close");
            if (!open.isBefore(close)) {
                throw new IllegalArgumentException(
                        "opening time " + open + " must be before closing time " + close);
            }
        }
    }

    /** The longest a search for the next open hour may look ahead before giving up. */
    private static final int MAX_DAYS_AHEAD = 3 * 366;

    public BusinessHours {
        Objects.requireNonNull(zone, "zone");
        hours = Map.copyOf(hours);
        holidays = Set.copyOf(holidays);
        if (hours.isEmpty()) {
            throw new IllegalArgumentException("business hours need at least one working day");
        }
    }

    /** Monday to Friday, {@code open} to {@code close}, in {@code zone}, no holidays. */
    public static BusinessHours weekdays(ZoneId zone, LocalTime open, LocalTime close) {
        Map<DayOfWeek, OpeningHours> hours = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek day : DayOfWeek.values()) {
            if (day != DayOfWeek.SATURDAY && day != DayOfWeek.SUNDAY) {
                hours.put(day, new OpeningHours(open, close));
            }
        }
        return new BusinessHours(zone, hours, Set.of());
    }

    /** The same hours, closed on these dates too. */
    public BusinessHours withHolidays(Set<LocalDate> holidays) {
        return new BusinessHours(zone, hours, holidays);
    }

    /**
     * The instant at which {@code businessTime} of open hours have passed since {@code start}. A
     * start outside opening hours begins counting at the next opening.
     *
     * @throws IllegalStateException if the calendar has no open hour within three years
     */
    public Instant deadline(Instant start, Duration businessTime) {
        Duration left = businessTime;
        LocalDate day = start.atZone(zone).toLocalDate();
        for (int i = 0; i < MAX_DAYS_AHEAD; i++, day = day.plusDays(1)) {
            Window window = window(day);
            if (window == null || !window.close.isAfter(start)) {
                continue;
            }
            Instant from = window.open.isAfter(start) ? window.open : start;
            Duration available = Duration.between(from, window.close);
            if (left.compareTo(available) <= 0) {
                return from.plus(left);
            }
            left = left.minus(available);
        }
        throw new IllegalStateException("no open business hour within three years of " + start);
    }

    /** Open hours between two instants (zero when {@code to} is not after {@code from}). */
    public Duration elapsed(Instant from, Instant to) {
        Duration total = Duration.ZERO;
        if (!to.isAfter(from)) {
            return total;
        }
        for (LocalDate day = from.atZone(zone).toLocalDate();
                !day.isAfter(to.atZone(zone).toLocalDate());
                day = day.plusDays(1)) {
            Window window = window(day);
            if (window == null) {
                continue;
            }
            Instant start = window.open.isAfter(from) ? window.open : from;
            Instant end = window.close.isBefore(to) ? window.close : to;
            if (end.isAfter(start)) {
                total = total.plus(Duration.between(start, end));
            }
        }
        return total;
    }

    private Window window(LocalDate day) {
        OpeningHours h = hours.get(day.getDayOfWeek());
        if (h == null || holidays.contains(day)) {
            return null;
        }
        return new Window(
                ZonedDateTime.of(day, h.open(), zone).toInstant(),
                ZonedDateTime.of(day, h.close(), zone).toInstant());
    }

    private record Window(Instant open, Instant close) {}
}
