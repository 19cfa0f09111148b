package io.leadflow.schema.event;

/**
 * Payload of {@code lead.created}. Contact data (PII) is validated by the schema but deliberately
 * not carried into the model, so it can never reach state or analytics tables.
 */
public record LeadCreated(
        String channel,
        String leadSource,
        String campaign,
        String medium,
        String landingPage,
        LeadStatus initialStatus,
        String owner,
        String team,
        String territory,
        Firmographics firmographics) {

    /** The status a lead starts in: as sent, else PROSPECT for list imports, else INQUIRY. */
    public LeadStatus effectiveInitialStatus() {
        if (initialStatus != null) {
            return initialStatus;
        }
        return "list_import".equals(channel) ? LeadStatus.PROSPECT : LeadStatus.INQUIRY;
    }
}
