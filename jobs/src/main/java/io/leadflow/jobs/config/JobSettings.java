package io.leadflow.jobs.config;

import java.io.Serializable;
import java.time.Duration;

/**
 * How the Flink job runs: parallelism, checkpointing and state, the event-time rules (deduplication
 * window, allowed lateness, watermark bound, idle sources), and the address a local Flink cluster
 * (demo, bench, replay) listens on. The checkpoint directory is always a URI; an absolute path
 * given in configuration becomes a {@code file://} URI.
 */
public record JobSettings(
        int parallelism,
        String checkpointDir,
        Duration checkpointInterval,
        StateBackendKind stateBackend,
        Duration dedupTtl,
        Duration allowedLateness,
        Duration watermarkOutOfOrderness,
        Duration sourceIdleTimeout,
        String uiBindAddress)
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
        uiBindAddress = Setting.UI_BIND_ADDRESS.canonical(uiBindAddress);
    }

    /** The parallelism as a person reads it: a number, or the cluster's default. */
    public String parallelismText() {
        return parallelism > 0 ? Integer.toString(parallelism) : "the cluster's default";
    }

    /** Sets the parallelism; 0 leaves it to the cluster. */
    public JobSettings withParallelism(int parallelism) {
        return new JobSettings(
                parallelism,
                checkpointDir,
                checkpointInterval,
                stateBackend,
                dedupTtl,
                allowedLateness,
                watermarkOutOfOrderness,
                sourceIdleTimeout,
                uiBindAddress);
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
                sourceIdleTimeout,
                uiBindAddress);
    }

    /** Replaces the address the local cluster's web UI and internal ports listen on. */
    public JobSettings withUiBindAddress(String uiBindAddress) {
        return new JobSettings(
                parallelism,
                checkpointDir,
                checkpointInterval,
                stateBackend,
                dedupTtl,
                allowedLateness,
                watermarkOutOfOrderness,
                sourceIdleTimeout,
                uiBindAddress);
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
                sourceIdleTimeout,
                uiBindAddress);
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
                sourceIdleTimeout,
                uiBindAddress);
    }
}
