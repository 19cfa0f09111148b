package io.leadflow.jobs.scoring;

import io.leadflow.jobs.aggregate.Aggregate;
import io.leadflow.jobs.aggregate.AggregateKey;
import io.leadflow.jobs.aggregate.Measures;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CalibrationCellTest {

    private static final long CREATED = Instant.parse("2026-03-31T23:59:59Z").toEpochMilli();

    @Test
    void bandsAreTenPointsWideFloorOfTheScoreWithEverythingFromNinetyInTheTopBand() {
        assertThat(CalibrationCell.bandFrom(0)).isZero();
        assertThat(CalibrationCell.bandFrom(9.999)).isZero();
        assertThat(CalibrationCell.bandFrom(10)).isEqualTo(10);
        assertThat(CalibrationCell.bandFrom(-0.5)).isEqualTo(-10);
        assertThat(CalibrationCell.bandFrom(-10)).isEqualTo(-10);
        assertThat(CalibrationCell.bandFrom(-10.01)).isEqualTo(-20);
        assertThat(CalibrationCell.bandFrom(95)).isEqualTo(90);
        assertThat(CalibrationCell.bandFrom(100)).isEqualTo(90);
        assertThat(CalibrationCell.bandFrom(250)).isEqualTo(90);
    }

    @Test
    void aCreatedLeadCountsOnceInItsCohortMonthAndBandWithItsOutcomes() {
        CalibrationCell cell =
                CalibrationCell.of("b2b-v1", 37.5, CREATED, CREATED + 86_400_000L, null);
        assertThat(cell).isEqualTo(new CalibrationCell("b2b-v1", "2026-03-01", 30, true, false));
        Map<AggregateKey, Measures> contributions = CalibrationCell.contributions(cell);
        AggregateKey key =
                new AggregateKey(
                        Aggregate.SCORE_CALIBRATION, List.of("b2b-v1", "2026-03-01", "30"));
        assertThat(contributions).containsOnlyKeys(key);
        assertThat(contributions.get(key).counters()).containsExactly(1, 1, 0);
    }

    @Test
    void aLeadWhoseCreationWasNotSeenIsNotCounted() {
        assertThat(CalibrationCell.of("b2b-v1", 80, null, 1L, 2L)).isNull();
        assertThat(CalibrationCell.contributions(null)).isEmpty();
    }
}
