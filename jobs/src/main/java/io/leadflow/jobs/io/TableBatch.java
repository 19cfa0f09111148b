package io.leadflow.jobs.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

/** One table's rows waiting to be written, as {@code JSONEachRow} text. */
final class TableBatch<T> {

    private static final JsonFactory JSON = new JsonFactory();

    final ClickHouseTable<T> table;
    final String qualifiedTable;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(1 << 16);
    private final JsonGenerator json;
    private int rows;

    TableBatch(ClickHouseTable<T> table, ClickHouseSink.Settings settings) {
        this.table = table;
        this.qualifiedTable = settings.qualified(table.name());
        try {
            this.json = JSON.createGenerator(buffer);
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

    /** About how many bytes the waiting rows take (the encoder's own buffer not counted). */
    int bytes() {
        return buffer.size();
    }

    /** The waiting rows as one insert body, leaving the batch empty. */
    byte[] drain() throws IOException {
        json.flush();
        byte[] body = buffer.toByteArray();
        buffer.reset();
        rows = 0;
        return body;
    }

    void close() throws IOException {
        json.close();
    }
}
