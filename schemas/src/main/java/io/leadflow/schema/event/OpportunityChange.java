package io.leadflow.schema.event;

/** Payload of {@code opportunity}: created, stage changed, won or lost, with amount. */
public record OpportunityChange(
        String action,
        String opportunityId,
        String stage,
        Double amount,
        String currency,
        String reason,
        String leadType) {

    /** The lead status this change implies, or null when it implies none (stage changes). */
    public LeadStatus impliedStatus() {
        return switch (action) {
            case "created" -> LeadStatus.OPPORTUNITY;
            case "won" -> LeadStatus.WON;
            case "lost" -> LeadStatus.LOST;
            default -> null;
        };
    }
}
