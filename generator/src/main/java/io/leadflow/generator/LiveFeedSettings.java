package io.leadflow.generator;

import java.time.Duration;
import java.util.Objects;

/**
 * The demo's endless (or time-bounded) live mode: new leads arrive at {@code leadsPerSecond}
 * (Poisson arrivals) with event times at the wall clock, and each lead's later events are sent when
 * their time comes. {@code tempo} compresses journeys so a demo shows assignments, contact attempts
 * and conversions within minutes instead of days.
 *
 * @param seed seed for sources and journeys (lead ids still differ per run)
 * @param leadsPerSecond average new leads per second
 * @param duration how long to run; {@link Duration#ZERO} runs until {@link GeneratorFeed#stop()}
 * @param tempo journey speed-up, at least 1
 * @param routing topics and keys
 * @param leadIdPrefix prefix of lead ids; the run's start second is appended to avoid collisions
 */
public record LiveFeedSettings(
        long seed,
        double leadsPerSecond,
        Duration duration,
        double tempo,
        TopicRouting routing,
        String leadIdPrefix) {

    public LiveFeedSettings {
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(routing, "routing");
        Objects.requireNonNull(leadIdPrefix, "leadIdPrefix");
        if (!(leadsPerSecond > 0)) {
            throw new IllegalArgumentException("leadsPerSecond must be > 0: " + leadsPerSecond);
        }
        if (!(tempo >= 1)) {
            throw new IllegalArgumentException("tempo must be >= 1: " + tempo);
        }
    }

    /** Two leads per second, forever, journeys 60 times faster than life. */
    public static LiveFeedSettings defaults() {
        return new LiveFeedSettings(
                42L, 2.0, Duration.ZERO, 60.0, TopicRouting.defaults(), "live-");
    }

    /**
     * A feed seeded by the wall clock (every run different) with the default tempo, as the demo and
     * {@code ./leadflow generate} run it.
     */
    public static LiveFeedSettings seededNow(
            double leadsPerSecond, Duration duration, TopicRouting routing, String leadIdPrefix) {
        return new LiveFeedSettings(
                System.currentTimeMillis(),
                leadsPerSecond,
                duration,
                defaults().tempo(),
                routing,
                leadIdPrefix);
    }

    public LiveFeedSettings withLeadsPerSecond(double rate) {
        return new LiveFeedSettings(seed, rate, duration, tempo, routing, leadIdPrefix);
    }

    public LiveFeedSettings withDuration(Duration newDuration) {
        return new LiveFeedSettings(
                seed, leadsPerSecond, newDuration, tempo, routing, leadIdPrefix);
    }

    public LiveFeedSettings withTempo(double newTempo) {
        return new LiveFeedSettings(
                seed, leadsPerSecond, duration, newTempo, routing, leadIdPrefix);
    }

    public LiveFeedSettings withRouting(TopicRouting newRouting) {
        return new LiveFeedSettings(
                seed, leadsPerSecond, duration, tempo, newRouting, leadIdPrefix);
    }

    public boolean endless() {
        return duration.isZero();
    }
}
