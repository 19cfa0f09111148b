package io.leadflow.jobs.operators;

import io.leadflow.jobs.aggregate.AggregateDelta;
import io.leadflow.jobs.rows.LeadScoreRow;
import io.leadflow.jobs.scoring.CalibrationCell;
import io.leadflow.jobs.state.WholeRecordTypeInfo;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.util.Objects;

/**
 * Turns a lead's score rows (keyed by lead, in the order the scoring stage wrote them) into changes
 * of {@code score_calibration_monthly}: per model version it keeps the lead's {@link
 * CalibrationCell} and, when a row moves the lead to another cell, retracts the old one and adds
 * the new one. The table then holds, per cell, a count over the leads' newest rows.
 */
public final class ScoreCalibrationFunction
        extends KeyedProcessFunction<String, LeadScoreRow, AggregateDelta> {

    private static final long serialVersionUID = 1L;

    private transient MapState<String, CalibrationCell> cells;

    @Override
    public void open(OpenContext openContext) {
        cells =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "calibration-cells",
                                        Types.STRING,
                                        WholeRecordTypeInfo.ofImmutable(CalibrationCell.class)));
    }

    @Override
    public void processElement(LeadScoreRow row, Context ctx, Collector<AggregateDelta> out)
            throws Exception {
        String version = row.score().modelVersion();
        CalibrationCell before = cells.get(version);
        CalibrationCell after =
                CalibrationCell.of(
                        version,
                        row.calibrationScore(),
                        row.createdAt(),
                        row.reachedSqlAt(),
                        row.wonAt());
        if (Objects.equals(before, after)) {
            return;
        }
        for (AggregateDelta delta :
                AggregateDelta.between(
                        CalibrationCell.contributions(before),
                        CalibrationCell.contributions(after))) {
            out.collect(delta);
        }
        if (after == null) {
            cells.remove(version);
        } else {
            cells.put(version, after);
        }
    }
}
