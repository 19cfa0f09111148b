package io.leadflow.generator;

import java.time.Duration;

/**
 * A progress snapshot of a {@link GeneratorFeed} run, reported every few seconds and at the end.
 *
 * @param sent records handed to the producer so far
 * @param elapsed wall-clock time since the run started
 * @param ratePerSecond average records per second so far
 */
public record FeedProgress(long sent, Duration elapsed, double ratePerSecond) {

    static FeedProgress of(long sent, long elapsedNanos) {
        double seconds = elapsedNanos / 1e9;
        return new FeedProgress(
                sent, Duration.ofNanos(elapsedNanos), seconds > 0 ? sent / seconds : 0);
    }
}
