package io.leadflow.jobs.operators;

import io.leadflow.schema.event.LeadEvent;

import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A lead event as the bytes the lifecycle keeps in its history. Held as objects, a history took
 * about a kilobyte of heap per event, the heap backend deep-copied it whenever a lead changed
 * during a snapshot, and a checkpoint wrote it field by field; as bytes it is a third of the
 * memory, copied and written in one piece. Only an out-of-order event or a fold reads them back.
 *
 * <p>The bytes are Flink's serialized form of {@link LeadEvent} behind a format byte: a change to
 * the event records needs a new format and a reader for the old one, or restored state fails loudly
 * here instead of decoding garbage. Not thread-safe; one per operator instance.
 */
public final class EventBytes {

    static final byte FORMAT = 1;

    private final TypeSerializer<LeadEvent> serializer =
            TypeInformation.of(LeadEvent.class).createSerializer(new SerializerConfigImpl());
    private final DataOutputSerializer out = new DataOutputSerializer(1024);
    private final DataInputDeserializer in = new DataInputDeserializer();

    public byte[] encode(LeadEvent event) {
        out.clear();
        try {
            out.writeByte(FORMAT);
            serializer.serialize(event, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.getCopyOfBuffer();
    }

    public LeadEvent decode(byte[] bytes) {
        in.setBuffer(bytes);
        try {
            byte format = in.readByte();
            if (format != FORMAT) {
                throw new IllegalStateException(
                        "held lead event in format "
                                + format
                                + ", this version reads format "
                                + FORMAT
                                + ": restore from a savepoint of a compatible version");
            }
            return serializer.deserialize(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every held event, in the order held. */
    public List<LeadEvent> decodeAll(Iterable<byte[]> held) {
        List<LeadEvent> events = new ArrayList<>();
        if (held != null) {
            for (byte[] bytes : held) {
                events.add(decode(bytes));
            }
        }
        return events;
    }
}
