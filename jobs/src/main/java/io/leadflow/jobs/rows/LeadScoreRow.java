package io.leadflow.jobs.rows;

import io.leadflow.jobs.scoring.LeadScore;

/**
 * A {@code lead_scores} row: one change of a lead's score under one model version, with its
 * explanation. {@code seq} grows with every row of the lead, so the newest row per lead and version
 * is the score now ({@code lead_score_current}).
 *
 * @param leadId the lead
 * @param seq the lead's row counter
 * @param active whether the version was the active one (not a shadow) when scored
 * @param reason what changed the score: {@code event}, {@code decay} or {@code model}
 * @param score the score and its explanation
 * @param salesReady whether the lead is sales ready under this version (with hysteresis)
 * @param calibrationScore the highest score the lead had before it reached SQL (all of its history
 *     if it has not): what calibration ranks it by
 * @param createdAt when the lead was created (the calibration cohort), null if unknown
 * @param reachedSqlAt when it first reached SQL or beyond, null if never
 * @param wonAt when it was first won, null if never
 * @param eventsApplied the distinct events of the lead the score is derived from, as the {@code
 *     version} of its {@code lead_state} row counts them (not a column)
 */
public record LeadScoreRow(
        String leadId,
        long seq,
        boolean active,
        String reason,
        LeadScore score,
        boolean salesReady,
        double calibrationScore,
        Long createdAt,
        Long reachedSqlAt,
        Long wonAt,
        long eventsApplied) {}
