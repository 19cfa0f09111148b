package io.leadflow.jobs.io;

import io.leadflow.jobs.rows.DeadLetter;
import io.leadflow.schema.event.LeadEvent;

/**
 * What the source emits for each Kafka record: the parsed event, or the dead letter it became.
 * Parsing happens inside the source so watermarks are generated per Kafka partition from event
 * time.
 */
public record SourceRecord(LeadEvent event, DeadLetter deadLetter) {

    public static SourceRecord of(LeadEvent event) {
        return new SourceRecord(event, null);
    }

    public static SourceRecord of(DeadLetter deadLetter) {
        return new SourceRecord(null, deadLetter);
    }
}
