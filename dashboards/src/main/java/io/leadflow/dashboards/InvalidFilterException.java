package io.leadflow.dashboards;

/** A filter value from a browser that is not one the dashboard offers; the message says which. */
public final class InvalidFilterException extends IllegalArgumentException {
    public InvalidFilterException(String message) {
        super(message);
    }
}
