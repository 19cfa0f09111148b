package io.leadflow.jobs.config;

import java.util.Locale;

/**
 * Where the Kafka sources start reading when the job starts without restored state. {@link
 * #COMMITTED} resumes from the consumer group's committed offsets and falls back to the earliest
 * offset for partitions that have none, which is what a restarted production job wants.
 */
public enum StartingOffsets {
    EARLIEST,
    LATEST,
    COMMITTED;

    /** The value as written in configuration, e.g. {@code committed}. */
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }
}
