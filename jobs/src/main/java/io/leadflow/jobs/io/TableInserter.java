package io.leadflow.jobs.io;

import io.leadflow.schema.clickhouse.ClickHouseException;
import io.leadflow.schema.clickhouse.ClickHouseHttp;

import org.apache.flink.metrics.Counter;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;

/**
 * Inserts a gzip-compressed {@code JSONEachRow} body ({@link TableBatch}) into a table, retrying a
 * failed insert with growing back-off ({@code sink.max-retries}); after that the insert fails with
 * an {@link IOException} that makes the job restart from its last checkpoint. A cancelled task
 * stops at once instead of retrying.
 */
final class TableInserter {

    private static final Logger LOG = LoggerFactory.getLogger(ClickHouseSink.class);

    private final ClickHouseHttp clickHouse;
    private final int maxRetries;
    private final Counter written;
    private final Counter retries;

    TableInserter(ClickHouseSink.Settings settings, Counter written, Counter retries) {
        this.clickHouse = settings.client(ClickHouseSink.INSERT_TIMEOUT);
        this.maxRetries = settings.maxRetries();
        this.written = written;
        this.retries = retries;
    }

    void insert(String qualifiedTable, List<String> columns, byte[] body, int count)
            throws IOException, InterruptedException {
        for (int attempt = 0; ; attempt++) {
            try {
                clickHouse.insertGzipped(qualifiedTable, columns, body);
                written.inc(count);
                return;
            } catch (ClickHouseException e) {
                if (Thread.currentThread().isInterrupted()
                        || e.getCause() instanceof InterruptedException) {
                    // Flink is cancelling the task (a failover): stop, do not retry.
                    throw new InterruptedException("insert into " + qualifiedTable);
                }
                if (attempt >= maxRetries) {
                    throw new IOException(
                            "insert of "
                                    + count
                                    + " rows into "
                                    + qualifiedTable
                                    + " failed "
                                    + (attempt + 1)
                                    + " times; the job restarts from its last checkpoint: "
                                    + e.getMessage(),
                            e);
                }
                long backoff = Math.min(5_000L, 200L << Math.min(attempt, 5));
                LOG.warn(
                        "insert of {} rows into {} failed (attempt {} of {}), retrying in {}"
                                + " ms: {}",
                        count,
                        qualifiedTable,
                        attempt + 1,
                        maxRetries + 1,
                        backoff,
                        e.getMessage());
                retries.inc();
                Thread.sleep(backoff);
            }
        }
    }
}
