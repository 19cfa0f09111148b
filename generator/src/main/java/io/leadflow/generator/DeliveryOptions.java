package io.leadflow.generator;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link EventDelivery} disturbs an ordered event stream, imitating real producers: each event
 * arrives up to {@code maxDelay} after it happened (so arrivals are shuffled within that window), a
 * fraction is delivered twice (at-least-once retries), and a fraction of broken records is mixed
 * in. Fractions are relative to the number of real events.
 *
 * @param seed seed of the disorder, independent of the generator seed
 * @param maxDelay largest delay between occurrence and arrival
 * @param duplicateFraction share of events sent a second time (0..1)
 * @param malformedFraction number of malformed records per real event (0..1)
 * @param routing topics and keys
 */
public record DeliveryOptions(
        long seed,
        Duration maxDelay,
        double duplicateFraction,
        double malformedFraction,
        TopicRouting routing) {

    public DeliveryOptions {
        Objects.requireNonNull(maxDelay, "maxDelay");
        Objects.requireNonNull(routing, "routing");
        if (maxDelay.isNegative()) {
            throw new IllegalArgumentException("maxDelay must be >= 0: " + maxDelay);
        }
        if (duplicateFraction < 0 || duplicateFraction > 1) {
            throw new IllegalArgumentException("duplicateFraction must be in [0,1]");
        }
        if (malformedFraction < 0 || malformedFraction > 1) {
            throw new IllegalArgumentException("malformedFraction must be in [0,1]");
        }
    }

    /** Ten minutes of disorder, 2% duplicates, 1% malformed records. */
    public static DeliveryOptions defaults() {
        return new DeliveryOptions(7L, Duration.ofMinutes(10), 0.02, 0.01, TopicRouting.defaults());
    }

    /** Events in event-time order, each once, nothing broken. */
    public static DeliveryOptions inOrder() {
        return new DeliveryOptions(7L, Duration.ZERO, 0, 0, TopicRouting.defaults());
    }

    public DeliveryOptions withSeed(long newSeed) {
        return new DeliveryOptions(
                newSeed, maxDelay, duplicateFraction, malformedFraction, routing);
    }

    public DeliveryOptions withMaxDelay(Duration newMaxDelay) {
        return new DeliveryOptions(
                seed, newMaxDelay, duplicateFraction, malformedFraction, routing);
    }

    public DeliveryOptions withDuplicateFraction(double fraction) {
        return new DeliveryOptions(seed, maxDelay, fraction, malformedFraction, routing);
    }

    public DeliveryOptions withMalformedFraction(double fraction) {
        return new DeliveryOptions(seed, maxDelay, duplicateFraction, fraction, routing);
    }

    public DeliveryOptions withRouting(TopicRouting newRouting) {
        return new DeliveryOptions(
                seed, maxDelay, duplicateFraction, malformedFraction, newRouting);
    }
}
