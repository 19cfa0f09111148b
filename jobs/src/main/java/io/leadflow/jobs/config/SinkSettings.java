package io.leadflow.jobs.config;

import java.io.Serializable;
import java.time.Duration;

/**
 * How the ClickHouse sink batches and retries: a batch is written when it reaches {@link
 * #batchSize()} rows or has waited {@link #flushInterval()}, and a failed write is retried up to
 * {@link #maxRetries()} times before the job fails and recovers from its last checkpoint.
 */
public record SinkSettings(int batchSize, Duration flushInterval, int maxRetries)
        implements Serializable {

    public SinkSettings {
        batchSize = Setting.SINK_BATCH_SIZE.canonical(batchSize);
        flushInterval = Setting.SINK_FLUSH_INTERVAL.canonical(flushInterval);
        maxRetries = Setting.SINK_MAX_RETRIES.canonical(maxRetries);
    }

    public SinkSettings withBatchSize(int batchSize) {
        return new SinkSettings(batchSize, flushInterval, maxRetries);
    }

    public SinkSettings withFlushInterval(Duration flushInterval) {
        return new SinkSettings(batchSize, flushInterval, maxRetries);
    }

    public SinkSettings withMaxRetries(int maxRetries) {
        return new SinkSettings(batchSize, flushInterval, maxRetries);
    }
}
