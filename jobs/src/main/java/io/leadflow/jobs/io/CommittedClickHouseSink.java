package io.leadflow.jobs.io;

import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes rows to ClickHouse only once the checkpoint they belong to has completed: the writer hands
 * each checkpoint's rows over as inserts, which Flink keeps in the checkpoint and commits when it
 * is complete (again after a restore, if the commit had not happened; the rows are idempotent).
 *
 * <p>Why the aggregate tables need this and the per-lead table does not: an aggregate row is a sum
 * over many leads, and which rows a job touches depends on the order events arrive in. A job that
 * fails after writing a row, and is restored from a checkpoint taken before that write, may never
 * touch that row again in its new arrival order, so the stale row would stay. Writing only what a
 * completed checkpoint holds means every row in ClickHouse comes from a state the job can restore.
 * A lead's row, by contrast, is derived from all of its events and versioned by their number, so
 * whatever a failed run wrote is overwritten by the restored one. The price is latency: rows become
 * visible at the next completed checkpoint ({@code checkpoint.interval}).
 *
 * <p>Within one checkpoint, only the last row written for each row key (the table's {@code ORDER
 * BY}) is inserted: the tables keep the row of the highest version anyway, and the coalescing
 * operators upstream write a changed row once per flush interval, so with 10-second checkpoints a
 * busy aggregate row would otherwise be inserted ten times per commit. A table whose rows never
 * replace each other (a history, {@link #appending}) skips that step: its rows are encoded as they
 * arrive instead of being held as objects until the checkpoint.
 *
 * <p>A checkpoint's rows of one table are handed over in inserts of about {@link #INSERT_BYTES}
 * each, not one: a model change can put a million rows into one checkpoint, and one body of that
 * size would be a single array of hundreds of megabytes (and past 2 GB, none at all).
 */
public final class CommittedClickHouseSink<T>
        implements Sink<T>, SupportsCommitter<CommittedClickHouseSink.TableInsert> {

    private static final long serialVersionUID = 1L;

    /**
     * The body size from which a checkpoint's further rows of a table go into a new insert: large
     * enough that a big checkpoint makes tens of parts, not thousands.
     */
    public static final int INSERT_BYTES = 32 << 20;

    /**
     * One insert: a table's rows of one checkpoint, as a gzip-compressed {@code JSONEachRow} body.
     */
    public record TableInsert(String qualifiedTable, List<String> columns, byte[] body, int rows) {}

    /**
     * The row's key in its table: of two rows with equal keys, the later one replaces the other.
     */
    public interface RowKey<T> extends Serializable {
        Object of(T row);
    }

    private final List<ClickHouseTable<T>> tables;
    private final ClickHouseSink.TableChoice<T> choice;
    private final RowKey<T> rowKey;
    private final ClickHouseSink.Settings settings;

    /**
     * @param tables where rows go
     * @param choice which table a row goes to
     * @param rowKey the row's key in its table, equal for rows that replace each other (rows of one
     *     key must come from one writer, in version order: key-partitioned upstream)
     * @param settings the sink settings
     */
    public CommittedClickHouseSink(
            List<ClickHouseTable<T>> tables,
            ClickHouseSink.TableChoice<T> choice,
            RowKey<T> rowKey,
            ClickHouseSink.Settings settings) {
        this.tables = List.copyOf(tables);
        this.choice = choice;
        this.rowKey = Objects.requireNonNull(rowKey, "rowKey");
        this.settings = settings;
    }

    private CommittedClickHouseSink(ClickHouseTable<T> table, ClickHouseSink.Settings settings) {
        this.tables = List.of(table);
        this.choice = row -> 0;
        this.rowKey = null;
        this.settings = settings;
    }

    /**
     * A sink for a table whose every row is new (a history keyed by a sequence number): each row is
     * inserted, none replaces another within a checkpoint.
     */
    public static <T> CommittedClickHouseSink<T> appending(
            ClickHouseTable<T> table, ClickHouseSink.Settings settings) {
        return new CommittedClickHouseSink<>(table, settings);
    }

    public List<ClickHouseTable<T>> tables() {
        return tables;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        List<TableBatch<T>> batches = new ArrayList<>();
        List<Map<Object, T>> latest = new ArrayList<>();
        for (ClickHouseTable<T> table : tables) {
            batches.add(new TableBatch<>(table, settings));
            latest.add(new LinkedHashMap<>());
        }
        return new CommittingSinkWriter<T, TableInsert>() {
            private final List<TableInsert> ready = new ArrayList<>();

            @Override
            public void write(T row, Context ctx) throws IOException {
                int table = choice.tableOf(row);
                if (rowKey == null) {
                    append(table, row);
                } else {
                    latest.get(table).put(rowKey.of(row), row);
                }
            }

            private void append(int table, T row) throws IOException {
                TableBatch<T> batch = batches.get(table);
                batch.add(row);
                if (batch.bytes() >= INSERT_BYTES) {
                    ready.add(insert(batch));
                }
            }

            @Override
            public void flush(boolean endOfInput) {
                // Rows wait for prepareCommit: nothing is written before its checkpoint completes.
            }

            @Override
            public Collection<TableInsert> prepareCommit() throws IOException {
                for (int i = 0; i < batches.size(); i++) {
                    for (T row : latest.get(i).values()) {
                        append(i, row);
                    }
                    latest.get(i).clear();
                    if (batches.get(i).rows() > 0) {
                        ready.add(insert(batches.get(i)));
                    }
                }
                List<TableInsert> inserts = List.copyOf(ready);
                ready.clear();
                return inserts;
            }

            private TableInsert insert(TableBatch<T> batch) throws IOException {
                int rows = batch.rows();
                return new TableInsert(
                        batch.qualifiedTable, batch.table.columnNames(), batch.drain(), rows);
            }

            @Override
            public void close() throws IOException {
                for (TableBatch<T> batch : batches) {
                    batch.close();
                }
            }
        };
    }

    @Override
    public Committer<TableInsert> createCommitter(CommitterInitContext context) {
        TableInserter inserter =
                new TableInserter(
                        settings,
                        context.metricGroup().counter("clickHouseRowsWritten"),
                        context.metricGroup().counter("clickHouseInsertRetries"));
        return new Committer<>() {
            @Override
            public void commit(Collection<CommitRequest<TableInsert>> requests)
                    throws IOException, InterruptedException {
                for (CommitRequest<TableInsert> request : requests) {
                    TableInsert insert = request.getCommittable();
                    inserter.insert(
                            insert.qualifiedTable(),
                            insert.columns(),
                            insert.body(),
                            insert.rows());
                }
            }

            @Override
            public void close() {}
        };
    }

    @Override
    public SimpleVersionedSerializer<TableInsert> getCommittableSerializer() {
        return new InsertSerializer();
    }

    private static final class InsertSerializer implements SimpleVersionedSerializer<TableInsert> {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(TableInsert insert) throws IOException {
            ByteArrayOutputStream header = new ByteArrayOutputStream(1024);
            try (DataOutputStream out = new DataOutputStream(header)) {
                out.writeUTF(insert.qualifiedTable());
                out.writeInt(insert.columns().size());
                for (String column : insert.columns()) {
                    out.writeUTF(column);
                }
                out.writeInt(insert.rows());
                out.writeInt(insert.body().length);
            }
            // One array of the exact size: Flink copies it again into its own state anyway.
            byte[] bytes =
                    Arrays.copyOf(header.toByteArray(), header.size() + insert.body().length);
            System.arraycopy(insert.body(), 0, bytes, header.size(), insert.body().length);
            return bytes;
        }

        @Override
        public TableInsert deserialize(int version, byte[] serialized) throws IOException {
            if (version != 1) {
                throw new IOException("unknown version " + version + " of a ClickHouse insert");
            }
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
                String table = in.readUTF();
                int columns = in.readInt();
                List<String> names = new ArrayList<>(columns);
                for (int i = 0; i < columns; i++) {
                    names.add(in.readUTF());
                }
                int rows = in.readInt();
                byte[] body = new byte[in.readInt()];
                in.readFully(body);
                return new TableInsert(table, names, body, rows);
            }
        }
    }
}
