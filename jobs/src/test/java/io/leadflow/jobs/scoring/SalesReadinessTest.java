package io.leadflow.jobs.scoring;

import io.leadflow.jobs.scoring.ScoringModel.SalesReady;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.leadflow.jobs.scoring.ScoringFixtures.DAY;
import static io.leadflow.jobs.scoring.ScoringFixtures.HOUR;
import static io.leadflow.jobs.scoring.ScoringFixtures.SECOND;
import static io.leadflow.jobs.scoring.ScoringFixtures.T0;
import static io.leadflow.jobs.scoring.ScoringFixtures.facts;
import static io.leadflow.jobs.scoring.ScoringFixtures.model;
import static io.leadflow.jobs.scoring.ScoringFixtures.view;
import static org.assertj.core.api.Assertions.assertThat;

class SalesReadinessTest {

    private static final SalesReady READY = new SalesReady(60, 50, List.of("country"));

    private static LeadScore total(double total, boolean requirementsMet) {
        return new LeadScore("v1", T0, total, 0, total, "A3", requirementsMet, List.of());
    }

    private static boolean next(boolean wasReady, double total) {
        return SalesReadiness.next(wasReady, total(total, true), READY);
    }

    @Test
    void aLeadBecomesReadyAtTheThreshold() {
        assertThat(next(false, 59.999)).isFalse();
        assertThat(next(false, 60)).isTrue();
        assertThat(next(false, 100)).isTrue();
    }

    @Test
    void aLeadNotReadyStaysSoBetweenReleaseAndThreshold() {
        assertThat(next(false, 55)).isFalse();
        assertThat(next(false, 50)).isFalse();
    }

    @Test
    void aReadyLeadStaysReadyUntilItFallsBelowTheRelease() {
        assertThat(next(true, 59.999)).isTrue();
        assertThat(next(true, 55)).isTrue();
        assertThat(next(true, 50)).as("at the release is not below it").isTrue();
        assertThat(next(true, 49.999)).isFalse();
    }

    @Test
    void aLeadMissingARequiredFieldIsNeverReady() {
        assertThat(SalesReadiness.next(false, total(100, false), READY)).isFalse();
        assertThat(SalesReadiness.next(true, total(100, false), READY))
                .as("a required field gone drops a ready lead")
                .isFalse();
    }

    @Test
    void aDecayingLeadGoesThroughTheHysteresis() {
        ScoringModel model =
                model(
                        """
                        {"version": "h",
                         "fit": {"rules": [
                            {"id": "saas", "field": "industry", "values": ["software"], "points": 30}]},
                         "engagement": {"halfLife": "1d", "rules": [
                            {"id": "view", "activities": ["page_view"], "points": 40}]},
                         "salesReady": {"threshold": 60, "release": 50, "requires": ["country"]}}
                        """);
        LeadFacts lead = facts().industry("software").country("DE").build();
        List<ScoredActivity> acts = new ArrayList<>(List.of(view(T0, "e1", "/pricing")));

        // 30 + 40·2^(-age/1d): 70 at T0, about 58.3 after 12h, exactly 50 after a day.
        boolean ready = false;
        List<Boolean> seen = new ArrayList<>();
        for (long at : new long[] {T0 - 1, T0, T0 + 12 * HOUR, T0 + DAY, T0 + DAY + SECOND}) {
            ready = SalesReadiness.next(ready, LeadScorer.score(model, lead, acts, at), READY);
            seen.add(ready);
        }
        assertThat(seen).containsExactly(false, true, true, true, false);
        assertThat(LeadScorer.fallsBelow(model, lead, acts, T0, READY.release()))
                .as("where the operator schedules the drop")
                .hasValue(T0 + DAY + SECOND);

        // A view four days on: 30 + 40·2^-4 + 40 = 72.5, ready again.
        acts.add(view(T0 + 4 * DAY, "e2", "/pricing"));
        LeadScore again = LeadScorer.score(model, lead, acts, T0 + 4 * DAY);
        assertThat(again.total()).isEqualTo(72.5);
        assertThat(SalesReadiness.next(false, again, READY)).isTrue();
        // 18h later: 30 + 40·2^-4.75 + 40·2^-0.75 ≈ 30 + 1.49 + 23.78 = 55.27, between release
        // and threshold: ready if it was, not if it was not.
        LeadScore later = LeadScorer.score(model, lead, acts, T0 + 4 * DAY + 18 * HOUR);
        assertThat(later.total()).isBetween(55.0, 55.5);
        assertThat(SalesReadiness.next(true, later, READY)).isTrue();
        assertThat(SalesReadiness.next(false, later, READY)).isFalse();

        LeadFacts noCountry = facts().industry("software").build();
        assertThat(SalesReadiness.next(false, LeadScorer.score(model, noCountry, acts, T0), READY))
                .as("70 points, but the country is unknown")
                .isFalse();
    }
}
