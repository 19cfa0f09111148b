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
 * What the lifecycle hands scoring for one applied event: the lead after it, as its row and the
 * three flags the row does not carry (its facts follow from those, so they are not sent as well);
 * the activity, when the event was one; and the event as a hot-lead signal, which scoring passes on
 * with the score.
 *
 * @param lead the lead after the event
 * @param activity the activity, null for other events
 * @param inbound the event as a hot-lead signal, when it is an inbound activity; else null
 */
public record ScoringInput(ScoredLead lead, ScoredActivity activity, InboundActivity inbound)
        implements Serializable {

    /** An input of facts alone, without a row or signal (scoring's unit tests). */
    public ScoringInput(LeadFacts facts, ScoredActivity activity) {
        this(new ScoredLead(null, facts, false, false, false), activity, null);
    }

    /**
     * The input for {@code event}, applied, which left the lead at {@code after}, as {@code row}.
     */
    public static ScoringInput of(
            LeadProgress after, LeadEvent event, LeadStateRow row, InboundActivity inbound) {
        return new ScoringInput(
                new ScoredLead(
                        row, null, after.unsubscribed(), after.doNotCall(), after.badContactData()),
                ScoringInputs.activity(event),
                inbound);
    }

    /** The lead's facts after the event, derived from its row. */
    public LeadFacts facts() {
        return lead.facts();
    }

    /** The lead's row after the event, without a score; null for an input of facts alone. */
    public LeadStateRow row() {
        return lead.row();
    }
}
