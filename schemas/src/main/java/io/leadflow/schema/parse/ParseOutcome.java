package io.leadflow.schema.parse;

import io.leadflow.schema.event.LeadEvent;

/** Result of parsing one record: either an event or a rejection, never both. */
public record ParseOutcome(LeadEvent event, Rejection rejection) {

    public static ParseOutcome accepted(LeadEvent event) {
        return new ParseOutcome(event, null);
    }

    public static ParseOutcome rejected(RejectReason reason, String message) {
        return new ParseOutcome(null, new Rejection(reason, message));
    }

    public boolean isAccepted() {
        return event != null;
    }
}
