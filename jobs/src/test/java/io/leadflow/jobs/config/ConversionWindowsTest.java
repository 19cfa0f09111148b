package io.leadflow.jobs.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConversionWindowsTest {

    @Test
    void windowsAreWholeDaysSortedAndDistinct() {
        ConversionWindows windows = ConversionWindows.parse(" 90d, 7d,30d , P14D, 7d");
        assertThat(windows.days()).containsExactly(7, 14, 30, 90);
        assertThat(ConversionWindows.parse(windows.toString())).isEqualTo(windows);
        assertThat(LeadflowConfig.defaults().lifecycle().conversionWindows().days())
                .containsExactly(7, 30, 90);
    }

    @Test
    void badWindowsSayWhichEntryIsWrong() {
        assertThatThrownBy(() -> ConversionWindows.parse("7d, 36h"))
                .hasMessage("entry '36h' must be a whole number of days, 1d..3650d");
        assertThatThrownBy(() -> ConversionWindows.parse("7d, soon"))
                .hasMessageStartingWith("entry 'soon': is not a duration");
        assertThatThrownBy(() -> ConversionWindows.parse(" , "))
                .hasMessage("must list at least one window, e.g. 7d, 30d");
        assertThatThrownBy(() -> ConversionWindows.parse("0d")).hasMessageContaining("1d..3650d");
        assertThatThrownBy(
                        () ->
                                ConversionWindows.parse(
                                        String.join(
                                                ",",
                                                List.of(
                                                        "1d", "2d", "3d", "4d", "5d", "6d", "7d",
                                                        "8d", "9d", "10d", "11d", "12d", "13d"))))
                .hasMessage("lists more than 12 windows");
        assertThatThrownBy(
                        () ->
                                ConfigLoader.load(
                                        new String[] {"--lifecycle.conversion-windows=7d,2w"},
                                        java.util.Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("lifecycle.conversion-windows")
                .hasMessageContaining("entry '2w'");
    }
}
