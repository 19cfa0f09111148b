package io.leadflow.jobs.scoring;

import java.io.Serializable;

/**
 * What scoring knows of a lead besides its activities: the profile fields fit rules test, the
 * behaviours negative rules test, and where the lead stands in the funnel (for sales-ready moves
 * and calibration). Taken from the lead's derivation over the most events ({@code version}), so it
 * does not depend on the order the events came in.
 *
 * @param version the number of distinct events the facts were derived from
 * @param createdAt when the lead was created, null if its creation is not known yet
 * @param lastEventAt event time of its latest event
 * @param status the lead's status
 * @param cycle its funnel cycle
 * @param qualifiedAt when it first reached MQL or beyond, null if never
 * @param reachedSqlAt when it first reached SQL or beyond, null if never
 * @param wonAt when it was first won, null if never
 * @param unsubscribed whether it withdrew email consent
 * @param doNotCall whether it withdrew phone consent
 * @param badContactData whether a contact attempt found its contact data wrong
 */
public record LeadFacts(
        String leadId,
        long version,
        Long createdAt,
        long lastEventAt,
        String channel,
        String leadSource,
        String campaign,
        String medium,
        String industry,
        String country,
        String segment,
        String company,
        String team,
        String territory,
        Integer employees,
        String status,
        int cycle,
        Long qualifiedAt,
        Long reachedSqlAt,
        Long wonAt,
        boolean unsubscribed,
        boolean doNotCall,
        boolean badContactData)
        implements Serializable {

    /** The value of one of {@link ScoringModel#FIELDS}, empty when unknown. */
    public String field(String name) {
        String value =
                switch (name) {
                    case "channel" -> channel;
                    case "leadSource" -> leadSource;
                    case "campaign" -> campaign;
                    case "medium" -> medium;
                    case "industry" -> industry;
                    case "country" -> country;
                    case "segment" -> segment;
                    case "company" -> company;
                    case "team" -> team;
                    case "territory" -> territory;
                    case "employees" -> employees == null ? "" : employees.toString();
                    default -> throw new IllegalArgumentException("no lead field " + name);
                };
        return value == null ? "" : value;
    }

    /** Whether a negative rule's condition holds. */
    public boolean holds(String condition) {
        return switch (condition) {
            case "unsubscribed" -> unsubscribed;
            case "doNotCall" -> doNotCall;
            case "badContactData" -> badContactData;
            default -> throw new IllegalArgumentException("no condition " + condition);
        };
    }
}
