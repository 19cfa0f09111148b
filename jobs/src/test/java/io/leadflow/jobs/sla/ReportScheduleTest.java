package io.leadflow.jobs.sla;

import org.junit.jupiter.api.Test;

import static io.leadflow.jobs.testing.Events.millis;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReportScheduleTest {

    @Test
    void weeklyReportsFallOnTheNamedDayInTheNamedZoneAcrossDaylightSaving() {
        ReportSchedule weekly = ReportSchedule.parse("weekly MON 08:00 Europe/Berlin");
        // Saturday 2026-03-28; Berlin moves to summer time on Sunday 03-29.
        long first = weekly.next(millis("2026-03-28T12:00:00Z"));
        assertThat(first).isEqualTo(millis("2026-03-30T06:00:00Z"));
        assertThat(weekly.next(first)).isEqualTo(millis("2026-04-06T06:00:00Z"));
        // A week before, still winter time: 08:00 in Berlin was 07:00 UTC.
        assertThat(weekly.next(millis("2026-03-21T12:00:00Z")))
                .isEqualTo(millis("2026-03-23T07:00:00Z"));
    }

    @Test
    void dailyAndPeriodicSchedules() {
        ReportSchedule daily = ReportSchedule.parse("daily 08:00");
        assertThat(daily.next(millis("2026-01-01T07:59:59Z")))
                .isEqualTo(millis("2026-01-01T08:00:00Z"));
        assertThat(daily.next(millis("2026-01-01T08:00:00Z")))
                .isEqualTo(millis("2026-01-02T08:00:00Z"));
        ReportSchedule every = ReportSchedule.parse("every 10m");
        assertThat(every.next(millis("2026-01-01T08:03:00Z")))
                .isEqualTo(millis("2026-01-01T08:10:00Z"));
        assertThat(ReportSchedule.parse("off").isOff()).isTrue();
    }

    @Test
    void badSchedulesSayWhatIsExpected() {
        assertThatThrownBy(() -> ReportSchedule.parse("weekly FUNDAY 08:00"))
                .hasMessageContaining("'FUNDAY' is not a weekday");
        assertThatThrownBy(() -> ReportSchedule.parse("daily 25:00"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ReportSchedule.parse("monthly"))
                .hasMessageContaining("expected 'weekly MON 08:00 [zone]'");
        assertThatThrownBy(() -> ReportSchedule.parse("daily 08:00 Mars/Olympus"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
