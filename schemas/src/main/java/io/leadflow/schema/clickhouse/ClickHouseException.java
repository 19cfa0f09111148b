package io.leadflow.schema.clickhouse;

/** ClickHouse refused a statement or could not be reached; the message says which and why. */
public class ClickHouseException extends RuntimeException {
    public ClickHouseException(String message) {
        super(message);
    }

    public ClickHouseException(String message, Throwable cause) {
        super(message, cause);
    }
}
