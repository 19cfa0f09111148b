package io.leadflow.jobs.sla;

/**
 * An open lead nobody has touched for the report's number of days, as found at one report time; one
 * line of its owner's untouched-leads summary.
 *
 * @param leadId the lead
 * @param owner its owner, empty if unassigned
 * @param team the owner's team, empty if unknown
 * @param touchedAtMillis its last activity, or its creation when it never had one
 * @param reportAtMillis the report this line belongs to
 */
public record UntouchedLead(
        String leadId, String owner, String team, long touchedAtMillis, long reportAtMillis) {}
