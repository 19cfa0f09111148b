package io.leadflow.jobs.operators;

import io.leadflow.jobs.rows.LeadStateRow;
import io.leadflow.jobs.rows.LeadStateScore;
import io.leadflow.jobs.scoring.LeadFacts;
import io.leadflow.jobs.scoring.ScoringInputs;

import java.io.Serializable;
import java.util.Objects;

/**
 * What {@link LeadScoringFunction} keeps of a lead besides its activities: its {@code lead_state}
 * row, stamped with the active score, and the three flags the row does not carry, from which the
 * lead's {@link LeadFacts} follow. Keeping the row rather than the facts is what lets the scoring
 * operator write the row again when the score changes without an event (a decay, a promotion),
 * without a second copy of every row elsewhere in the job. Scoring fed facts alone (its unit tests)
 * keeps those instead, and has no row to write.
 *
 * @param row the lead's last row with its active score; null when fed facts alone
 * @param given the facts, when fed facts alone; null when {@code row} is there
 * @param unsubscribed whether the lead withdrew email consent
 * @param doNotCall whether it withdrew phone consent
 * @param badContactData whether a contact attempt found its contact data wrong
 */
public record ScoredLead(
        LeadStateRow row,
        LeadFacts given,
        boolean unsubscribed,
        boolean doNotCall,
        boolean badContactData)
        implements Serializable {

    public ScoredLead {
        if ((row == null) == (given == null)) {
            throw new IllegalArgumentException("a scored lead is kept as a row or as facts");
        }
    }

    /** The lead's facts. */
    public LeadFacts facts() {
        return row == null
                ? given
                : ScoringInputs.facts(
                        row.lead(), row.transitions(), unsubscribed, doNotCall, badContactData);
    }

    /** The lead's id. */
    public String leadId() {
        return row == null ? given.leadId() : row.lead().leadId();
    }

    /** The number of distinct events the lead was derived from. */
    public long version() {
        return row == null ? given.version() : row.version();
    }

    /**
     * The same lead with its row stamped with {@code score}: {@code this} when the row already
     * carries that score, or when there is no row.
     */
    public ScoredLead withScore(LeadStateScore score) {
        if (row == null || Objects.equals(row.score(), score)) {
            return this;
        }
        return new ScoredLead(row.withScore(score), null, unsubscribed, doNotCall, badContactData);
    }
}
