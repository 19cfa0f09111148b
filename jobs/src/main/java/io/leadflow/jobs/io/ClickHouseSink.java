package io.leadflow.jobs.io;

import io.leadflow.jobs.time.FlushClock;
import io.leadflow.schema.clickhouse.ClickHouseHttp;

import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.Counter;

import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes rows to a ClickHouse table (or to one of several, chosen per row) over the HTTP interface,
 * as {@code JSONEachRow} in the body of {@code INSERT ... FORMAT JSONEachRow}. Rows arrive byte for
 * byte: unlike the JDBC driver, which pasted bound values into the SQL text and then ran JDBC
 * escape processing over it ({@code {fn ucase('x')}} in a lead id became {@code ucase('x')}),
 * nothing here interprets a value.
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

    /** How long after a flush instant the sink writes, so the rows of that instant are in. */
    static final long FLUSH_LAG_MILLIS = 50;

    /** Which of the sink's tables a row goes to, as an index into them. */
    @FunctionalInterface
    public interface TableChoice<T> extends Serializable {
        int tableOf(T row);
    }

    private final List<ClickHouseTable<T>> tables;
    private final TableChoice<T> choice;
    private final Settings settings;

    public ClickHouseSink(ClickHouseTable<T> table, Settings settings) {
        this(List.of(table), row -> 0, settings);
    }

    /** A sink writing each row to {@code tables.get(choice.tableOf(row))}. */
    public ClickHouseSink(
            List<ClickHouseTable<T>> tables, TableChoice<T> choice, Settings settings) {
        this.tables = List.copyOf(tables);
        this.choice = choice;
        this.settings = settings;
    }

    /** The first (for most sinks, the only) table. */
    public ClickHouseTable<T> table() {
        return tables.get(0);
    }

    public List<ClickHouseTable<T>> tables() {
        return tables;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        return new Writer<>(
                tables,
                choice,
                settings,
                context.getProcessingTimeService(),
                context.metricGroup().counter("clickHouseRowsWritten"),
                context.metricGroup().counter("clickHouseInsertRetries"));
    }

    private static final class Writer<T> implements SinkWriter<T> {
        private final List<TableBatch<T>> batches = new ArrayList<>();
        private final TableChoice<T> choice;
        private final Settings settings;
        private final ProcessingTimeService time;
        private final TableInserter inserter;
        private final FlushClock flushes;

        Writer(
                List<ClickHouseTable<T>> tables,
                TableChoice<T> choice,
                Settings settings,
                ProcessingTimeService time,
                Counter written,
                Counter retries) {
            for (ClickHouseTable<T> table : tables) {
                batches.add(new TableBatch<>(table, settings));
            }
            this.choice = choice;
            this.settings = settings;
            this.time = time;
            this.inserter = new TableInserter(settings, written, retries);
            this.flushes = new FlushClock(settings.flushInterval());
            scheduleFlush();
        }

        @Override
        public void write(T row, Context context) throws IOException, InterruptedException {
            TableBatch<T> batch = batches.get(choice.tableOf(row));
            if (batch.add(row) >= settings.batchSize()) {
                insert(batch);
            }
        }

        @Override
        public void flush(boolean endOfInput) throws IOException, InterruptedException {
            insertBuffered();
        }

        /**
         * Flushes just after each {@link FlushClock} instant: the coalescing operators emit their
         * rows on those instants, so a row waits for the next instant and a few milliseconds, not
         * for a second interval of its own.
         */
        private void scheduleFlush() {
            time.registerTimer(
                    flushes.next(time.getCurrentProcessingTime()) + FLUSH_LAG_MILLIS,
                    now -> {
                        insertBuffered();
                        scheduleFlush();
                    });
        }

        private void insertBuffered() throws IOException, InterruptedException {
            for (TableBatch<T> batch : batches) {
                insert(batch);
            }
        }

        private void insert(TableBatch<T> batch) throws IOException, InterruptedException {
            int count = batch.rows();
            if (count == 0) {
                return;
            }
            // A failed insert keeps nothing: the rows come again from Kafka after the restart.
            byte[] body = batch.drain();
            inserter.insert(batch.qualifiedTable, batch.table.columnNames(), body, count);
        }

        @Override
        public void close() throws IOException {
            // Buffered rows were not acknowledged by any checkpoint; the restart replays them.
            for (TableBatch<T> batch : batches) {
                batch.close();
            }
        }
    }
}
