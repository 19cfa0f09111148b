package io.leadflow.jobs.scoring;

import io.leadflow.jobs.scoring.ScoringModel.SalesReady;

/**
 * The sales-ready definition with hysteresis: a lead becomes ready when its score reaches the
 * threshold with every required field known, and stays ready until it falls below the release (or a
 * required field is gone), so a lead hovering at the threshold does not flap.
 */
public final class SalesReadiness {

    private SalesReadiness() {}

    /** Whether the lead is ready now, given whether it was. */
    public static boolean next(boolean wasReady, LeadScore score, SalesReady definition) {
        if (!score.requirementsMet()) {
            return false;
        }
        return score.total() >= (wasReady ? definition.release() : definition.threshold());
    }
}
