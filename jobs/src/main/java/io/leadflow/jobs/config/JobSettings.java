package io.leadflow.jobs.config;

import java.io.Serializable;
import java.time.Duration;

/**
 * How the Flink job runs: parallelism, checkpointing and state, and the event-time rules
 * (deduplication window, allowed lateness, watermark bound, idle sources). The checkpoint directory
 * is always a URI; an absolute path given in configuration becomes a {@code file://} URI.
 */
public record JobSettings(
        int parallelism,
        String checkpointDir,
        Duration checkpointInterval,
        StateBackendKind stateBackend,
        Duration dedupTtl,
        Duration allowedLateness,
        Duration watermarkOutOfOrderness,
        Duration sourceIdleTimeout)
        implements Serializable {

    public JobSettings {
        parallelism = Setting.JOB_PARALLELISM.canonical(parallelism);
        checkpointDir = Setting.CHECKPOINT_DIR.canonical(checkpointDir);
        checkpointInterval = Setting.CHECKPOINT_INTERVAL.canonical(checkpointInterval);
        stateBackend = Setting.STATE_BACKEND.canonical(stateBackend);
        dedupTtl = Setting.DEDUP_TTL.canonical(dedupTtl);
        allowedLateness = Setting.LATENESS_ALLOWED.canonical(allowedLateness);
        watermarkOutOfOrderness =
                Setting.WATERMARK_OUT_OF_ORDERNESS.canonical(watermarkOutOfOrderness);
        sourceIdleTimeout = Setting.SOURCE_IDLE_TIMEOUT.canonical(sourceIdleTimeout);
    }

    public JobSettings withParallelism(int parallelism) {
        return new JobSettings(
                parallelism,
                checkpointDir,
                checkpointInterval,
                stateBackend,
                dedupTtl,
                allowedLateness,
                watermarkOutOfOrderness,
                sourceIdleTimeout);
    }

    /** Replaces checkpoint storage and cadence, e.g. with a temporary directory in tests. */
    public JobSettings withCheckpointing(String checkpointDir, Duration checkpointInterval) {
        return new JobSettings(
                parallelism,
                checkpointDir,
                checkpointInterval,
                stateBackend,
                dedupTtl,
                allowedLateness,
                watermarkOutOfOrderness,
                sourceIdleTimeout);
    }

    public JobSettings withStateBackend(StateBackendKind stateBackend) {
        return new JobSettings(
                parallelism,
                checkpointDir,
                checkpointInterval,
                stateBackend,
                dedupTtl,
                allowedLateness,
                watermarkOutOfOrderness,
                sourceIdleTimeout);
    }

    /** Replaces the event-time rules together, since they are tuned together. */
    public JobSettings withEventTime(
            Duration dedupTtl,
            Duration allowedLateness,
            Duration watermarkOutOfOrderness,
            Duration sourceIdleTimeout) {
        return new JobSettings(
                parallelism,
                checkpointDir,
                checkpointInterval,
                stateBackend,
                dedupTtl,
                allowedLateness,
                watermarkOutOfOrderness,
                sourceIdleTimeout);
    }
}
