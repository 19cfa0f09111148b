package io.leadflow.generator;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * What {@link LeadHistoryGenerator} should produce: how many leads, captured over which window,
 * from which seed. Leads are captured between {@code start} and {@code start + span}; their
 * histories are observed until {@code start + span + observeAfter}, so late-stage events of the
 * youngest leads are cut off exactly as in a real snapshot. {@code tempo} divides every journey
 * delay (1 = real time; the live demo uses larger values so the funnel visibly moves). The same
 * settings always produce byte-identical output.
 *
 * @param seed root of all randomness
 * @param leadCount number of leads to capture
 * @param start first possible capture instant (whole seconds)
 * @param span capture window
 * @param observeAfter how long after the capture window histories keep unfolding
 * @param tempo journey speed-up factor, at least 1
 * @param campaignCosts whether daily {@code campaign.cost} events are emitted
 * @param leadIdPrefix prefix of generated lead ids, e.g. {@code lead-}
 */
public record GeneratorSettings(
        long seed,
        int leadCount,
        Instant start,
        Duration span,
        Duration observeAfter,
        double tempo,
        boolean campaignCosts,
        String leadIdPrefix) {

    /** A Monday, so weekly patterns line up with calendar weeks in dashboards. */
    public static final Instant DEFAULT_START = Instant.parse("2026-01-05T00:00:00Z");

    public GeneratorSettings {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(span, "span");
        Objects.requireNonNull(observeAfter, "observeAfter");
        Objects.requireNonNull(leadIdPrefix, "leadIdPrefix");
        if (leadCount < 0) {
            throw new IllegalArgumentException("leadCount must be >= 0: " + leadCount);
        }
        if (span.isNegative() || span.isZero()) {
            throw new IllegalArgumentException("span must be positive: " + span);
        }
        if (observeAfter.isNegative()) {
            throw new IllegalArgumentException("observeAfter must be >= 0: " + observeAfter);
        }
        if (!(tempo >= 1.0)) {
            throw new IllegalArgumentException("tempo must be >= 1: " + tempo);
        }
        // Event times have whole-second precision; a fractional start would leak into them.
        start = start.truncatedTo(ChronoUnit.SECONDS);
    }

    /** 1,000 leads over 90 days from 2026-01-05, observed for 30 more days, seed 42. */
    public static GeneratorSettings defaults() {
        return new GeneratorSettings(
                42L,
                1_000,
                DEFAULT_START,
                Duration.ofDays(90),
                Duration.ofDays(30),
                1.0,
                true,
                "lead-");
    }

    public GeneratorSettings withSeed(long newSeed) {
        return new GeneratorSettings(
                newSeed, leadCount, start, span, observeAfter, tempo, campaignCosts, leadIdPrefix);
    }

    public GeneratorSettings withLeadCount(int newLeadCount) {
        return new GeneratorSettings(
                seed, newLeadCount, start, span, observeAfter, tempo, campaignCosts, leadIdPrefix);
    }

    public GeneratorSettings withStart(Instant newStart) {
        return new GeneratorSettings(
                seed, leadCount, newStart, span, observeAfter, tempo, campaignCosts, leadIdPrefix);
    }

    public GeneratorSettings withSpan(Duration newSpan) {
        return new GeneratorSettings(
                seed, leadCount, start, newSpan, observeAfter, tempo, campaignCosts, leadIdPrefix);
    }

    public GeneratorSettings withObserveAfter(Duration newObserveAfter) {
        return new GeneratorSettings(
                seed, leadCount, start, span, newObserveAfter, tempo, campaignCosts, leadIdPrefix);
    }

    public GeneratorSettings withTempo(double newTempo) {
        return new GeneratorSettings(
                seed, leadCount, start, span, observeAfter, newTempo, campaignCosts, leadIdPrefix);
    }

    public GeneratorSettings withCampaignCosts(boolean newCampaignCosts) {
        return new GeneratorSettings(
                seed, leadCount, start, span, observeAfter, tempo, newCampaignCosts, leadIdPrefix);
    }

    public GeneratorSettings withLeadIdPrefix(String newLeadIdPrefix) {
        return new GeneratorSettings(
                seed, leadCount, start, span, observeAfter, tempo, campaignCosts, newLeadIdPrefix);
    }

    /** The instant after which no lead event is emitted. */
    public Instant horizon() {
        return start.plus(span).plus(observeAfter);
    }
}
