package io.leadflow.jobs.scoring;

import io.leadflow.jobs.aggregate.Aggregate;
import io.leadflow.jobs.aggregate.AggregateKey;
import io.leadflow.jobs.aggregate.Contributions;
import io.leadflow.jobs.aggregate.EventDays;
import io.leadflow.jobs.aggregate.Measures;

import java.util.Map;

/**
 * Where one lead stands in {@code score_calibration_monthly} under one model version: its cohort
 * month, its score band and whether it reached SQL and was won. It is a function of the lead's
 * newest score row for the version, so the row the job keeps per band equals a count over {@code
 * lead_score_current}; a lead that moves (a higher peak before SQL, a win) is retracted from its
 * old cell and added to its new one.
 *
 * @param modelVersion the version
 * @param cohortMonth the UTC month of the lead's creation, {@code YYYY-MM-01}
 * @param bandFrom the band's lower bound: {@code floor(score / 10) * 10}, at most 90 (a score of
 *     100 or more is in the top band, as a score of 90)
 * @param reachedSql whether the lead reached SQL or beyond
 * @param won whether the lead was won
 */
public record CalibrationCell(
        String modelVersion, String cohortMonth, int bandFrom, boolean reachedSql, boolean won) {

    /** Band width in points. */
    public static final int BAND = 10;

    /** The lower bound of the top band, which holds every higher score too. */
    public static final int TOP_BAND = 90;

    /**
     * The cell of a lead's newest score row, or null for a lead whose creation was not seen (it has
     * no cohort, and calibration counts created leads only).
     */
    public static CalibrationCell of(
            String modelVersion,
            double calibrationScore,
            Long createdAt,
            Long reachedSqlAt,
            Long wonAt) {
        if (createdAt == null) {
            return null;
        }
        return new CalibrationCell(
                modelVersion,
                EventDays.month(createdAt),
                bandFrom(calibrationScore),
                reachedSqlAt != null,
                wonAt != null);
    }

    /** The band of a score, as the SQL {@code least(floor(score / 10) * 10, 90)} computes it. */
    public static int bandFrom(double score) {
        return (int) Math.min(Math.floor(score / BAND) * BAND, TOP_BAND);
    }

    /** What the lead adds to the table; nothing for no cell. */
    public static Map<AggregateKey, Measures> contributions(CalibrationCell cell) {
        Contributions c = new Contributions();
        if (cell != null) {
            String[] key = {cell.modelVersion, cell.cohortMonth, Integer.toString(cell.bandFrom)};
            c.add(Aggregate.SCORE_CALIBRATION, "leads", 1, key);
            c.add(Aggregate.SCORE_CALIBRATION, "reached_sql", cell.reachedSql ? 1 : 0, key);
            c.add(Aggregate.SCORE_CALIBRATION, "won", cell.won ? 1 : 0, key);
        }
        return c.toMap();
    }
}
