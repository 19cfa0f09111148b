package io.leadflow.cli;

import io.leadflow.jobs.time.DurationSyntax;

import picocli.CommandLine;

import java.time.Duration;

/** Reads a flag's duration as the settings do: {@code 90s}, {@code 15m}, {@code 2h}, {@code 0}. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        if (value.strip().equals("0")) {
            return Duration.ZERO;
        }
        try {
            return DurationSyntax.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(
                    "'" + value + "' is not a duration such as 90s, 15m or 2h");
        }
    }
}
