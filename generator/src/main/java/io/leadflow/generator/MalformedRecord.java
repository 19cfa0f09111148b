package io.leadflow.generator;

/**
 * A deliberately broken record injected by {@link EventDelivery}, with the dead-letter reason a
 * correct job must give it. Malformed records never carry an event id of a real event, so rejecting
 * them can never hide a real event, and accepting them would visibly change the ground truth.
 *
 * @param topic topic it is sent to
 * @param key record key (null for the missing-lead-id case)
 * @param value the broken bytes
 * @param expectedReasonCode one of the {@code *} constants below
 */
public record MalformedRecord(String topic, String key, byte[] value, String expectedReasonCode) {

    /** Not parseable as JSON at all: garbage or truncated JSON. */
    public static final String NOT_JSON = "NOT_JSON";

    /** JSON, known type, but violates the type's JSON Schema. */
    public static final String SCHEMA_VIOLATION = "SCHEMA_VIOLATION";

    /** JSON with a {@code type} outside the contract, e.g. {@code lead.deleted}. */
    public static final String UNKNOWN_TYPE = "UNKNOWN_TYPE";

    /** A lead event without {@code leadId}. */
    public static final String MISSING_LEAD_ID = "MISSING_LEAD_ID";

    /** Well-formed {@code occurredAt} in an impossible year (1970 or 2999). */
    public static final String ABSURD_TIMESTAMP = "ABSURD_TIMESTAMP";

    public KafkaRecord toKafkaRecord() {
        return new KafkaRecord(topic, key, value);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MalformedRecord that
                && toKafkaRecord().equals(that.toKafkaRecord())
                && expectedReasonCode.equals(that.expectedReasonCode);
    }

    @Override
    public int hashCode() {
        return toKafkaRecord().hashCode() * 31 + expectedReasonCode.hashCode();
    }

    @Override
    public String toString() {
        return "MalformedRecord[" + expectedReasonCode + ", " + toKafkaRecord() + "]";
    }
}
