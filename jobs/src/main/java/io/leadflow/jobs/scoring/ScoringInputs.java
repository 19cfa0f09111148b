package io.leadflow.jobs.scoring;

import io.leadflow.jobs.lifecycle.FunnelStage;
import io.leadflow.jobs.lifecycle.LeadProgress;
import io.leadflow.jobs.lifecycle.LeadSnapshot;
import io.leadflow.jobs.lifecycle.Transition;
import io.leadflow.schema.event.Activity;
import io.leadflow.schema.event.LeadEvent;
import io.leadflow.schema.event.LeadStatus;

import java.util.List;

/**
 * What scoring takes from the lifecycle for one applied event: the lead's {@link LeadFacts} from
 * its progress, and the event's activity as {@link ScoredActivity}.
 */
public final class ScoringInputs {

    private static final int SQL_RANK = FunnelStage.rank(LeadStatus.SQL);

    private ScoringInputs() {}

    /** The event's activity as scoring keeps it; null when the event is not an activity. */
    public static ScoredActivity activity(LeadEvent event) {
        Activity a = event.activity();
        return a == null
                ? null
                : new ScoredActivity(
                        event.occurredAtMillis(),
                        event.eventId(),
                        a.kind(),
                        a.url() == null ? "" : a.url(),
                        a.campaign() == null ? "" : a.campaign());
    }

    /** The lead's facts after a progress. */
    public static LeadFacts facts(LeadProgress progress) {
        return facts(
                progress.lead(),
                progress.transitions(),
                progress.unsubscribed(),
                progress.doNotCall(),
                progress.badContactData());
    }

    /**
     * The lead's facts from what its {@code lead_state} row says (the lead and its transitions) and
     * the three flags the row does not carry: the same facts as from the progress the row was made
     * of.
     */
    public static LeadFacts facts(
            LeadSnapshot l,
            List<Transition> transitions,
            boolean unsubscribed,
            boolean doNotCall,
            boolean badContactData) {
        Long reachedSql = null;
        Long won = null;
        for (Transition t : transitions) {
            if (reachedSql == null && FunnelStage.rank(t.toStatus()) >= SQL_RANK) {
                reachedSql = t.occurredAtMillis();
            }
            if (won == null && LeadStatus.WON.name().equals(t.toStatus())) {
                won = t.occurredAtMillis();
            }
        }
        return new LeadFacts(
                l.leadId(),
                l.eventsApplied(),
                l.createdAt(),
                l.lastEventAt(),
                l.channel(),
                l.leadSource(),
                l.campaign(),
                l.medium(),
                l.industry(),
                l.country(),
                l.segment(),
                l.company(),
                l.team(),
                l.territory(),
                l.employees(),
                l.status(),
                l.cycle(),
                l.qualifiedAt(),
                reachedSql,
                won,
                unsubscribed,
                doNotCall,
                badContactData);
    }
}
