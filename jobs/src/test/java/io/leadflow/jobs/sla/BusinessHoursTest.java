package io.leadflow.jobs.sla;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BusinessHoursTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final BusinessHours OFFICE =
            BusinessHours.weekdays(BERLIN, LocalTime.of(9, 0), LocalTime.of(17, 0));

    private static Instant berlin(String localDateTime) {
        return ZonedDateTime.of(java.time.LocalDateTime.parse(localDateTime), BERLIN).toInstant();
    }

    @Test
    void aDeadlineWithinTheDayStaysInTheDay() {
        assertThat(OFFICE.deadline(berlin("2026-03-04T10:00"), Duration.ofMinutes(15)))
                .isEqualTo(berlin("2026-03-04T10:15"));
    }

    @Test
    void aLeadArrivingFridayEveningIsDueOnMonday() {
        // Friday 16:00 + 4 business hours: 1 h on Friday, 3 h on Monday.
        assertThat(OFFICE.deadline(berlin("2026-03-06T16:00"), Duration.ofHours(4)))
                .isEqualTo(berlin("2026-03-09T12:00"));
        // Saturday night: the clock starts on Monday at opening.
        assertThat(OFFICE.deadline(berlin("2026-03-07T23:00"), Duration.ofMinutes(30)))
                .isEqualTo(berlin("2026-03-09T09:30"));
        assertThat(OFFICE.elapsed(berlin("2026-03-06T16:00"), berlin("2026-03-09T12:00")))
                .isEqualTo(Duration.ofHours(4));
    }

    @Test
    void aDeadlineEndingExactlyAtClosingIsThatInstant() {
        assertThat(OFFICE.deadline(berlin("2026-03-04T09:00"), Duration.ofHours(8)))
                .isEqualTo(berlin("2026-03-04T17:00"));
    }

    @Test
    void holidaysAreSkipped() {
        BusinessHours withHoliday = OFFICE.withHolidays(Set.of(LocalDate.parse("2026-03-09")));
        assertThat(withHoliday.deadline(berlin("2026-03-06T16:00"), Duration.ofHours(4)))
                .isEqualTo(berlin("2026-03-10T12:00"));
    }

    @Test
    void openingHoursFollowTheWallClockAcrossADaylightSavingChange() {
        // Berlin moves to summer time on Sunday 2026-03-29: Friday 17:00 is 16:00 UTC, Monday
        // 09:00 is 07:00 UTC. 8 business hours from Friday 16:00 end Monday 16:00 local.
        Instant due = OFFICE.deadline(berlin("2026-03-27T16:00"), Duration.ofHours(8));
        assertThat(due).isEqualTo(berlin("2026-03-30T16:00"));
        assertThat(due).isEqualTo(Instant.parse("2026-03-30T14:00:00Z"));
        // A 24 h round-the-clock calendar counts the short night as it is: 23 hours of wall time.
        BusinessHours always =
                new BusinessHours(
                        BERLIN,
                        java.util.Arrays.stream(java.time.DayOfWeek.values())
                                .collect(
                                        java.util.stream.Collectors.toMap(
                                                d -> d,
                                                d ->
                                                        new BusinessHours.OpeningHours(
                                                                LocalTime.MIN, LocalTime.MAX))),
                        Set.of());
        assertThat(always.elapsed(berlin("2026-03-29T00:00"), berlin("2026-03-30T00:00")))
                .isBetween(Duration.ofHours(23).minusSeconds(1), Duration.ofHours(23));
    }

    @Test
    void badHoursAreRefusedWithAReason() {
        assertThatThrownBy(
                        () ->
                                new BusinessHours.OpeningHours(
                                        LocalTime.of(17, 0), LocalTime.of(9, 0)))
                .hasMessage("opening time 17:00 must be before closing time 09:00");
        assertThatThrownBy(() -> new BusinessHours(BERLIN, java.util.Map.of(), Set.of()))
                .hasMessage("business hours need at least one working day");
    }
}
