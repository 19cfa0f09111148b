package io.leadflow.generator;

import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * The output of one {@link LeadHistoryGenerator} run: every event in event-time order (lead events
 * interleaved with daily campaign costs) and the ground truth for every lead.
 *
 * @param events all events, sorted by occurredAt; each lead's events keep their order
 * @param truth expected end state per lead
 */
public record GeneratedHistory(List<LeadEvent> events, GroundTruth truth) {

    public GeneratedHistory {
        events = List.copyOf(events);
    }

    /** All events serialized as Kafka would carry them, concatenated with newlines (JSON Lines). */
    public byte[] toJsonLines() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (LeadEvent event : events) {
            out.writeBytes(event.toBytes());
            out.write('\n');
        }
        return out.toByteArray();
    }
}
