package io.leadflow.jobs.config;

import java.util.Locale;

/**
 * The Flink state backend the job uses: {@link #HASHMAP} keeps state on the JVM heap (fast, bounded
 * by memory), {@link #ROCKSDB} keeps it on local disk (large state, incremental checkpoints).
 */
public enum StateBackendKind {
    HASHMAP,
    ROCKSDB;

    /** The value as written in configuration, e.g. {@code hashmap}. */
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }
}
