package io.leadflow.cli.bench;

import io.leadflow.jobs.lifecycle.EventOrder;
import io.leadflow.jobs.operators.EventBytes;
import io.leadflow.schema.event.LeadEvent;

import org.apache.flink.core.memory.DataOutputSerializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The serialized size of the keyed state {@link LeadLifecycleFunction} keeps for one lead: its
 * event history and the dedup ids while all its events are within the lateness window (the largest
 * it gets; folding replaces old events by one snapshot), written with the same Flink serializers a
 * checkpoint uses. For capacity planning and the benchmark's bytes-per-lead figure.
 */
public final class LeadStateSize {

    private final EventBytes eventBytes = new EventBytes();

    /** Bytes of state for a lead with these distinct events. */
    public long bytes(String leadId, List<LeadEvent> events) {
        List<LeadEvent> ordered = new ArrayList<>(events);
        ordered.sort(EventOrder.COMPARATOR);
        DataOutputSerializer out = new DataOutputSerializer(4096);
        try {
            for (LeadEvent e : ordered) {
                // a held event: its bytes with their length, as the list state writes them
                byte[] held = eventBytes.encode(e);
                out.writeInt(held.length);
                out.write(held);
                // seen-event-ids entry: the id, a boolean and the TTL timestamp
                out.writeUTF(e.eventId());
                out.writeBoolean(true);
                out.writeLong(0L);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.length();
    }
}
