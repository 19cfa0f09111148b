package io.leadflow.jobs.rows;

import io.leadflow.jobs.scoring.LeadScore;

import java.io.Serializable;

/**
 * The lead's score under the active model as {@code lead_state} carries it, in its {@code score_*}
 * columns: the same figures as the lead's active row in {@code lead_score_current}.
 *
 * @param modelVersion the active model version
 * @param total the combined score
 * @param grade the two-letter grade
 * @param salesReady whether the lead is sales ready under that version
 * @param scoredAt the event time the score is for (epoch millis)
 */
public record LeadStateScore(
        String modelVersion, double total, String grade, boolean salesReady, long scoredAt)
        implements Serializable {

    /** The stamp of a score. */
    public static LeadStateScore of(LeadScore score, boolean salesReady) {
        return new LeadStateScore(
                score.modelVersion(), score.total(), score.grade(), salesReady, score.at());
    }

    /** The stamp of an active score row. */
    public static LeadStateScore of(LeadScoreRow row) {
        return of(row.score(), row.salesReady());
    }
}
