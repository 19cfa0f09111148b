package io.leadflow.jobs.time;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DurationSyntaxTest {

    @ParameterizedTest
    @CsvSource({
        "500ms, PT0.5S",
        "10s, PT10S",
        "5m, PT5M",
        "2h, PT2H",
        "7d, PT168H",
        "0s, PT0S",
        "' 15 s ', PT15S",
        "PT10S, PT10S",
        "pt1m30s, PT1M30S",
        "P1D, PT24H",
    })
    void parses(String text, String iso) {
        assertThat(DurationSyntax.parse(text)).isEqualTo(Duration.parse(iso));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"", "10", "10x", "1.5s", "s", "ten seconds", "P", "99999999999999999999d"})
    void rejects(String text) {
        assertThatThrownBy(() -> DurationSyntax.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a duration");
    }

    @ParameterizedTest
    @CsvSource({
        "PT0.5S, 500ms",
        "PT10S, 10s",
        "PT90S, 90s",
        "PT5M, 5m",
        "PT2H, 2h",
        "PT720H, 30d",
        "PT0S, 0s",
        "PT0.000001S, PT0.000001S",
        "-PT1S, PT-1S",
    })
    void formatsInLargestWholeUnitAndRoundTrips(String iso, String text) {
        Duration duration = Duration.parse(iso);
        assertThat(DurationSyntax.format(duration)).isEqualTo(text);
        assertThat(DurationSyntax.parse(DurationSyntax.format(duration))).isEqualTo(duration);
    }

    @Test
    void formatsExtremes() {
        assertThat(DurationSyntax.parse(DurationSyntax.format(Duration.ofSeconds(Long.MAX_VALUE))))
                .isEqualTo(Duration.ofSeconds(Long.MAX_VALUE));
    }
}
