package io.leadflow.jobs.operators;

import io.leadflow.jobs.lifecycle.InboundActivity;
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
 * @param inbound the event as a hot-lead signal, when it is an inbound activity and hot-lead rules
 *     need it; else null
 */
public record ScoringInput(
        LeadFacts facts, ScoredActivity activity, LeadStateRow row, InboundActivity inbound)
        implements Serializable {

    /** An input without the row and signal. */
    public ScoringInput(LeadFacts facts, ScoredActivity activity) {
        this(facts, activity, null, null);
    }

    /** The input for {@code event}, applied, which left the lead at {@code after}. */
    public static ScoringInput of(
            LeadProgress after, LeadEvent event, LeadStateRow row, InboundActivity inbound) {
        return new ScoringInput(
                ScoringInputs.facts(after), ScoringInputs.activity(event), row, inbound);
    }
}
