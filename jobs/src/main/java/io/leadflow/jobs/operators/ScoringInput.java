package io.leadflow.jobs.operators;

import io.leadflow.jobs.lifecycle.LeadProgress;
import io.leadflow.jobs.rows.LeadStateRow;
import io.leadflow.jobs.scoring.LeadFacts;
import io.leadflow.jobs.scoring.ScoredActivity;
import io.leadflow.jobs.scoring.ScoringInputs;
import io.leadflow.schema.event.LeadEvent;

import java.io.Serializable;

/**
 * What the lifecycle hands scoring for one applied event: the lead's facts after it, the activity,
 * when the event was one, and, when SLA policies need the score, the lead's row, which scoring
 * passes on with the score.
 *
 * @param facts the lead's facts after the event
 * @param activity the activity, null for other events
 * @param row the lead's row after the event, null when nothing downstream needs it
 */
public record ScoringInput(LeadFacts facts, ScoredActivity activity, LeadStateRow row)
        implements Serializable {

    /** An input without the row. */
    public ScoringInput(LeadFacts facts, ScoredActivity activity) {
        this(facts, activity, null);
    }

    /** The input for {@code event}, applied, which left the lead at {@code after}. */
    public static ScoringInput of(LeadProgress after, LeadEvent event, LeadStateRow row) {
        return new ScoringInput(ScoringInputs.facts(after), ScoringInputs.activity(event), row);
    }
}
