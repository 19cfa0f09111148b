package io.leadflow.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import java.time.Duration;

/**
 * The flags of a command that feeds live generated leads ({@code demo}, {@code generate}): how many
 * new leads per second and for how long, validated the same way for both.
 */
final class LiveFeedOptions {

    @Option(
            names = "--duration",
            defaultValue = "0",
            converter = DurationConverter.class,
            description = "How long to run, e.g. 2m or 1h; 0 runs until Ctrl-C.")
    Duration duration;

    @Option(
            names = "--rate",
            defaultValue = "5",
            description = "New leads per second; their journeys run 60 times faster than life.")
    int leadsPerSecond;

    /** Refuses a rate that is not a positive whole number, naming the flag. */
    void validate(CommandSpec spec) {
        if (leadsPerSecond < 1) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--rate must be a positive whole number (got " + leadsPerSecond + ")");
        }
    }
}
