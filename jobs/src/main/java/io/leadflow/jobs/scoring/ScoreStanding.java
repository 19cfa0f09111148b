package io.leadflow.jobs.scoring;

/**
 * What the scoring operator remembers of a lead under one model version between events: whether it
 * is sales ready (the hysteresis needs the past), when it will fall below the release if nothing
 * happens, and what its last row said, so a row is written only when something in it changed.
 *
 * @param salesReady whether the lead is sales ready
 * @param dropAt the first second it is below the release, or -1 when no fall is due
 * @param fit the fit of the last row
 * @param rowKey the outcome fields of the last row, {@link #rowKey(LeadFacts)}
 * @param active whether the last row was written as the active version
 */
public record ScoreStanding(
        boolean salesReady, long dropAt, double fit, String rowKey, boolean active) {

    /** The facts whose change calibration must see. */
    public static String rowKey(LeadFacts facts) {
        return facts.createdAt() + "/" + facts.reachedSqlAt() + "/" + facts.wonAt();
    }
}
