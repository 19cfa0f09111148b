package io.leadflow.schema.parse;

/** Why an input record became a dead letter. The names are stable: dashboards group by them. */
public enum RejectReason {
    /** The bytes are not a JSON document. */
    NOT_JSON,
    /**
     * The bytes are not strict UTF-8 (overlong or truncated sequences, encoded surrogates), or a
     * string escapes half a surrogate pair ({@code \\ud800}): text that would be altered on its way
     * to a table, so two different ids could become one.
     */
    INVALID_UTF8,
    /** Valid JSON that breaks the event's JSON Schema (or is not an object at all). */
    SCHEMA_VIOLATION,
    /** The {@code type} field names no known event type. */
    UNKNOWN_TYPE,
    /** An event about a lead without a usable {@code leadId}. */
    MISSING_LEAD_ID,
    /** A well-formed {@code occurredAt} that cannot be true (before 2000 or in the future). */
    ABSURD_TIMESTAMP,
    /** The record is larger than any legitimate event. */
    TOO_LARGE
}
