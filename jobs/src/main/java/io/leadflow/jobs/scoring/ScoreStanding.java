package io.leadflow.jobs.scoring;

/**
 * What the scoring operator remembers of a lead under one model version between events: whether it
 * is sales ready (the hysteresis needs the past), when it will fall below the release if nothing
 * happens, and what its last row said, so a row is written only when something in it changed.
 *
 * @param salesReady whether the lead is sales ready
 * @param dropAt the first second it is below the release, or -1 when no fall is due
 * @param fit the fit of the last row
 * @param rowKey what else the last row said, {@link #rowKey(LeadFacts, LeadScore)}
 * @param active whether the last row was written as the active version
 */
public record ScoreStanding(
        boolean salesReady, long dropAt, double fit, String rowKey, boolean active) {

    /**
     * What a reader must see change besides fit and readiness: the facts calibration uses, whether
     * the sales-ready requirements are met, and which rules contribute (a consent withdrawn adds a
     * negative rule without any activity).
     */
    public static String rowKey(LeadFacts facts, LeadScore score) {
        StringBuilder key =
                new StringBuilder()
                        .append(facts.createdAt())
                        .append('/')
                        .append(facts.reachedSqlAt())
                        .append('/')
                        .append(facts.wonAt())
                        .append('/')
                        .append(score.requirementsMet());
        for (Contribution c : score.contributions()) {
            key.append('/').append(c.rule());
        }
        return key.toString();
    }
}
