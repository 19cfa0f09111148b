package io.leadflow.jobs.operators;

import io.leadflow.jobs.rows.LeadScoreRow;
import io.leadflow.jobs.rows.LeadStateScore;

import java.io.Serializable;

/**
 * A change of a lead's score under the active model, as {@link ScoredLeadStateFunction} needs it:
 * the stamp for its {@code lead_state} row, without the explanation.
 *
 * @param leadId the lead
 * @param eventsApplied the lead's distinct events the score is derived from
 * @param score the stamp
 */
public record ActiveScore(String leadId, long eventsApplied, LeadStateScore score)
        implements Serializable {

    /** The stamp of an active score row. */
    public static ActiveScore of(LeadScoreRow row) {
        return new ActiveScore(row.leadId(), row.eventsApplied(), LeadStateScore.of(row));
    }
}
