package io.leadflow.jobs.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * A ClickHouse table as the job writes it: its name and its columns in order, each with its
 * ClickHouse type and how a row fills it. This is the one definition of a table's row on the job's
 * side: the INSERT's column list and the {@code JSONEachRow} encoding of a row both come from it,
 * and a test compares the columns with {@code DESCRIBE TABLE} on a migrated database, so the code
 * and the migrations cannot drift apart unnoticed.
 *
 * <p>Values are written as JSON: strings byte for byte (JSON has no escape processing beyond its
 * own, which ClickHouse undoes exactly), times as epoch seconds, a null string as empty (the tables
 * use empty strings, not NULL, for "none").
 *
 * @param <T> the row type
 */
public final class ClickHouseTable<T> implements Serializable {

    private static final JsonFactory JSON = new JsonFactory();

    private static final long serialVersionUID = 1L;

    /** Writes one column's value of a row. */
    @FunctionalInterface
    public interface Value<T> extends Serializable {
        void write(T row, JsonGenerator out) throws IOException;
    }

    /** Reads a value of a row; serializable so table definitions travel with the job graph. */
    @FunctionalInterface
    public interface Getter<T, R> extends Serializable {
        R get(T row);
    }

    /** Writes one element of an array column. */
    @FunctionalInterface
    public interface ElementWriter<E> extends Serializable {
        void write(E element, JsonGenerator out) throws IOException;
    }

    /**
     * One column.
     *
     * @param name its name in the table
     * @param type its ClickHouse type as {@code DESCRIBE TABLE} shows it
     * @param value how a row fills it
     */
    public record Column<T>(String name, String type, Value<T> value) implements Serializable {}

    private static final String DATE_TIME = "DateTime('UTC')";

    private final String name;
    private final List<Column<T>> columns;

    private ClickHouseTable(String name, List<Column<T>> columns) {
        this.name = name;
        this.columns = List.copyOf(columns);
    }

    /** Starts the definition of table {@code name}. */
    public static <T> Builder<T> named(String name) {
        return new Builder<>(name);
    }

    public String name() {
        return name;
    }

    public List<Column<T>> columns() {
        return columns;
    }

    public List<String> columnNames() {
        return columns.stream().map(Column::name).toList();
    }

    /** Writes {@code row} as one JSON object, the columns in order. */
    public void write(T row, JsonGenerator out) throws IOException {
        out.writeStartObject();
        for (Column<T> column : columns) {
            out.writeFieldName(column.name());
            column.value().write(row, out);
        }
        out.writeEndObject();
    }

    /** {@code rows} as one {@code JSONEachRow} insert body, a row per line. */
    public byte[] jsonEachRow(List<T> rows) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream(256 * rows.size());
        try (JsonGenerator out = JSON.createGenerator(body)) {
            out.setRootValueSeparator(null);
            for (T row : rows) {
                write(row, out);
                out.writeRaw('\n');
            }
        }
        return body.toByteArray();
    }

    /** Collects the columns of a table. */
    public static final class Builder<T> {
        private final String name;
        private final List<Column<T>> columns = new ArrayList<>();

        private Builder(String name) {
            this.name = name;
        }

        public Builder<T> column(String column, String type, Value<T> value) {
            Objects.requireNonNull(value, column);
            if (columns.stream().anyMatch(c -> c.name().equals(column))) {
                throw new IllegalArgumentException(name + ": column " + column + " twice");
            }
            columns.add(new Column<>(column, type, value));
            return this;
        }

        /** A {@code String} column; null is written as the empty string. */
        public Builder<T> string(String column, Getter<T, String> get) {
            return column(column, "String", (row, out) -> writeString(get.get(row), out));
        }

        /** An unsigned integer column ({@code UInt8} .. {@code UInt64}). */
        public Builder<T> unsigned(String column, int bits, Getter<T, Number> get) {
            return column(
                    column, "UInt" + bits, (row, out) -> out.writeNumber(get.get(row).longValue()));
        }

        /** {@code Nullable(UInt..)}. */
        public Builder<T> nullableUnsigned(String column, int bits, Getter<T, Number> get) {
            return nullable(column, "UInt" + bits, get, (n, out) -> out.writeNumber(n.longValue()));
        }

        /** A {@code UInt8} flag: 1 for true. */
        public Builder<T> flag(String column, Getter<T, Boolean> get) {
            return column(column, "UInt8", (row, out) -> out.writeNumber(get.get(row) ? 1 : 0));
        }

        public Builder<T> float64(String column, Getter<T, Double> get) {
            return column(column, "Float64", (row, out) -> out.writeNumber(get.get(row)));
        }

        public Builder<T> nullableFloat64(String column, Getter<T, Double> get) {
            return nullable(column, "Float64", get, (d, out) -> out.writeNumber(d));
        }

        /** A {@code DateTime('UTC')} from epoch milliseconds, written as whole seconds. */
        public Builder<T> dateTime(String column, Getter<T, Long> epochMillis) {
            return column(
                    column,
                    DATE_TIME,
                    (row, out) -> out.writeNumber(seconds(epochMillis.get(row))));
        }

        /** {@code Nullable(DateTime('UTC'))} from epoch milliseconds, null for none. */
        public Builder<T> nullableDateTime(String column, Getter<T, Long> epochMillis) {
            return nullable(
                    column, DATE_TIME, epochMillis, (ms, out) -> out.writeNumber(seconds(ms)));
        }

        /** {@code Nullable(type)}: JSON null for a null value, else the value as {@code type}. */
        private <V> Builder<T> nullable(
                String column, String type, Getter<T, V> get, ElementWriter<V> value) {
            return column(
                    column,
                    "Nullable(" + type + ")",
                    (row, out) -> {
                        V v = get.get(row);
                        if (v == null) {
                            out.writeNull();
                        } else {
                            value.write(v, out);
                        }
                    });
        }

        /** A {@code Date} from its ISO text, {@code YYYY-MM-DD}. */
        public Builder<T> date(String column, Getter<T, String> isoDate) {
            return column(column, "Date", (row, out) -> out.writeString(isoDate.get(row)));
        }

        /** An {@code Array(elementType)} column over a collection of the row. */
        public <E> Builder<T> array(
                String column,
                String elementType,
                Getter<T, ? extends Collection<E>> elements,
                ElementWriter<E> element) {
            return column(
                    column,
                    "Array(" + elementType + ")",
                    (row, out) -> {
                        out.writeStartArray();
                        for (E e : elements.get(row)) {
                            element.write(e, out);
                        }
                        out.writeEndArray();
                    });
        }

        public ClickHouseTable<T> build() {
            if (columns.isEmpty()) {
                throw new IllegalStateException(name + " has no columns");
            }
            return new ClickHouseTable<>(name, columns);
        }
    }

    /** Writes a string element; null as empty. */
    public static void writeString(String value, JsonGenerator out) throws IOException {
        out.writeString(value == null ? "" : value);
    }

    /** Epoch milliseconds as the whole seconds ClickHouse's DateTime holds. */
    public static long seconds(long epochMillis) {
        return Math.floorDiv(epochMillis, 1000);
    }
}
