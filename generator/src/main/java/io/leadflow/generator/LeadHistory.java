package io.leadflow.generator;

import java.util.List;

/**
 * One lead's generated events in event-time order together with the truth derived from them.
 *
 * @param leadId the lead
 * @param events its events, lead.created first, strictly increasing event times
 * @param truth what a correct job concludes from exactly these events
 */
public record LeadHistory(String leadId, List<LeadEvent> events, LeadTruth truth) {

    public LeadHistory {
        events = List.copyOf(events);
    }
}
