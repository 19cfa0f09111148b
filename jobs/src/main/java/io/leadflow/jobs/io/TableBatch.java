package io.leadflow.jobs.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * One table's rows waiting to be written, as gzip-compressed {@code JSONEachRow} text (ClickHouse
 * reads it with {@code Content-Encoding: gzip}). The rows are compressed as they are encoded: a
 * model change puts a million rows into one checkpoint, and Flink's committer copies each
 * checkpoint's insert bodies several times over to store them in its state, so the body size is
 * what decides that checkpoint's heap churn (BENCHMARKS.md). The fastest level suffices: rows of
 * one table repeat their keys and most values.
 */
final class TableBatch<T> {

    private static final JsonFactory JSON = new JsonFactory();

    final ClickHouseTable<T> table;
    final String qualifiedTable;
    private final ByteArrayOutputStream compressed = new ByteArrayOutputStream(1 << 16);
    private long encoded;
    private JsonGenerator json;
    private int rows;

    TableBatch(ClickHouseTable<T> table, ClickHouseSink.Settings settings) {
        this.table = table;
        this.qualifiedTable = settings.qualified(table.name());
        start();
    }

    private void start() {
        try {
            OutputStream counted =
                    new FilterOutputStream(new FastGzip(compressed)) {
                        @Override
                        public void write(int b) throws IOException {
                            out.write(b);
                            encoded++;
                        }

                        @Override
                        public void write(byte[] b, int off, int len) throws IOException {
                            out.write(b, off, len);
                            encoded += len;
                        }
                    };
            json = JSON.createGenerator(counted);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON to memory", e);
        }
        json.setRootValueSeparator(null);
    }

    /** Appends a row; returns how many are waiting. */
    int add(T row) throws IOException {
        table.write(row, json);
        json.writeRaw('\n');
        return ++rows;
    }

    int rows() {
        return rows;
    }

    /**
     * About how many bytes of JSON the waiting rows are, before compression (the encoder's own
     * buffer not counted).
     */
    long bytes() {
        return encoded;
    }

    /** The waiting rows as one gzip-compressed insert body, leaving the batch empty. */
    byte[] drain() throws IOException {
        // Closing the generator finishes the gzip stream; the next rows start a new one.
        json.close();
        byte[] body = compressed.toByteArray();
        compressed.reset();
        encoded = 0;
        rows = 0;
        start();
        return body;
    }

    void close() throws IOException {
        json.close();
    }

    /** Gzip at the fastest level, with a buffer as large as the generator's writes. */
    private static final class FastGzip extends GZIPOutputStream {
        FastGzip(OutputStream out) throws IOException {
            super(out, 1 << 16);
            def.setLevel(Deflater.BEST_SPEED);
        }
    }
}
