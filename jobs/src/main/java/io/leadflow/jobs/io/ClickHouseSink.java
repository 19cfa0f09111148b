package io.leadflow.jobs.io;

import io.leadflow.schema.clickhouse.ClickHouseException;
import io.leadflow.schema.clickhouse.ClickHouseHttp;

import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.Counter;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
import java.time.Duration;

/**
 * Writes rows to one ClickHouse table over the HTTP interface, as {@code JSONEachRow} in the body
 * of {@code INSERT ... FORMAT JSONEachRow}. Rows arrive byte for byte: unlike the JDBC driver,
 * which pasted bound values into the SQL text and then ran JDBC escape processing over it ({@code
 * {fn ucase('x')}} in a lead id became {@code ucase('x')}), nothing here interprets a value.
 *
 * <p>At least once, and idempotent through the tables' keys and versions: rows are buffered and
 * written when {@code sink.batch-size} rows are waiting, when {@code sink.flush-interval} has
 * passed, and at every checkpoint, before the checkpoint completes. A failed insert is retried with
 * growing back-off ({@code sink.max-retries}); after that the job fails and restarts from its last
 * checkpoint, which holds the Kafka offsets back, so an outage of ClickHouse delays rows but never
 * loses them. Rows buffered when the job fails are dropped, never written half: they come again
 * from Kafka.
 */
public final class ClickHouseSink<T> implements Sink<T> {

    private static final long serialVersionUID = 1L;

    /**
     * Where and how the sink writes.
     *
     * @param url the HTTP(S) endpoint, e.g. {@code http://localhost:8123}
     * @param database the database holding the table
     * @param user the writer
     * @param password its password, a secret
     * @param batchSize rows per insert at most
     * @param flushInterval longest time a row waits in the buffer
     * @param maxRetries retries of a failed insert before the job fails
     */
    public record Settings(
            String url,
            String database,
            String user,
            String password,
            int batchSize,
            Duration flushInterval,
            int maxRetries)
            implements Serializable {

        /** A client of the server as this writer, giving up on a request after {@code timeout}. */
        public ClickHouseHttp client(Duration timeout) {
            return new ClickHouseHttp(URI.create(url), null, user, password, timeout);
        }

        /** {@code `database`.`table`}, for statements that name the database. */
        public String qualified(String table) {
            return ClickHouseHttp.identifier(database) + "." + ClickHouseHttp.identifier(table);
        }

        @Override
        public String toString() {
            return "Settings[url=" + url + ", database=" + database + ", user=" + user + "]";
        }
    }

    /** How long one insert may take before it counts as failed and is retried. */
    static final Duration INSERT_TIMEOUT = Duration.ofSeconds(60);

    private final ClickHouseTable<T> table;
    private final Settings settings;

    public ClickHouseSink(ClickHouseTable<T> table, Settings settings) {
        this.table = table;
        this.settings = settings;
    }

    public ClickHouseTable<T> table() {
        return table;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        return new Writer<>(
                table,
                settings,
                context.getProcessingTimeService(),
                context.metricGroup().counter("clickHouseRowsWritten"),
                context.metricGroup().counter("clickHouseInsertRetries"));
    }

    private static final class Writer<T> implements SinkWriter<T> {
        private static final Logger LOG = LoggerFactory.getLogger(ClickHouseSink.class);
        private static final JsonFactory JSON = new JsonFactory();

        private final ClickHouseTable<T> table;
        private final Settings settings;
        private final ProcessingTimeService time;
        private final Counter written;
        private final Counter retries;
        private final ClickHouseHttp clickHouse;
        private final String qualifiedTable;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(1 << 16);
        private final JsonGenerator json;
        private int rows;

        Writer(
                ClickHouseTable<T> table,
                Settings settings,
                ProcessingTimeService time,
                Counter written,
                Counter retries) {
            this.table = table;
            this.settings = settings;
            this.time = time;
            this.written = written;
            this.retries = retries;
            this.clickHouse = settings.client(INSERT_TIMEOUT);
            this.qualifiedTable = settings.qualified(table.name());
            try {
                this.json = JSON.createGenerator(buffer);
            } catch (IOException e) {
                throw new IllegalStateException("cannot write JSON to memory", e);
            }
            json.setRootValueSeparator(null);
            scheduleFlush();
        }

        @Override
        public void write(T row, Context context) throws IOException, InterruptedException {
            table.write(row, json);
            json.writeRaw('\n');
            rows++;
            if (rows >= settings.batchSize()) {
                insertBuffered();
            }
        }

        @Override
        public void flush(boolean endOfInput) throws IOException, InterruptedException {
            insertBuffered();
        }

        private void scheduleFlush() {
            time.registerTimer(
                    time.getCurrentProcessingTime() + settings.flushInterval().toMillis(),
                    now -> {
                        insertBuffered();
                        scheduleFlush();
                    });
        }

        private void insertBuffered() throws IOException, InterruptedException {
            if (rows == 0) {
                return;
            }
            json.flush();
            byte[] body = buffer.toByteArray();
            int count = rows;
            for (int attempt = 0; ; attempt++) {
                try {
                    clickHouse.insert(qualifiedTable, table.columnNames(), body);
                    break;
                } catch (ClickHouseException e) {
                    if (Thread.currentThread().isInterrupted()
                            || e.getCause() instanceof InterruptedException) {
                        // Flink is cancelling the task (a failover): stop, do not retry.
                        throw new InterruptedException("insert into " + qualifiedTable);
                    }
                    if (attempt >= settings.maxRetries()) {
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
                            settings.maxRetries() + 1,
                            backoff,
                            e.getMessage());
                    retries.inc();
                    Thread.sleep(backoff);
                }
            }
            buffer.reset();
            rows = 0;
            written.inc(count);
        }

        @Override
        public void close() throws IOException {
            // Buffered rows were not acknowledged by any checkpoint; the restart replays them.
            json.close();
        }
    }
}
