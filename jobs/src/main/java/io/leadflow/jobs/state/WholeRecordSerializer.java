package io.leadflow.jobs.state;

import org.apache.flink.api.common.typeutils.CompositeTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.util.Objects;

/**
 * Writes each value of another serializer as one length-prefixed block of bytes. The heap state
 * backend writes a checkpoint through a {@link java.io.DataOutputStream}, whose single-byte writes
 * are synchronized, and Flink's string serializer writes a character at a time: a benchmark profile
 * spent most of the snapshot thread's time in those writes. Serializing a value into an in-memory
 * buffer first and writing the buffer in one call removes them. The bytes inside the block are the
 * wrapped serializer's own, and the snapshot nests the wrapped serializer's snapshot, so schema
 * evolution works as for the wrapped one.
 *
 * <p>Stateful (it reuses its buffers), so {@link #duplicate()} always makes a new instance.
 */
public final class WholeRecordSerializer<T> extends TypeSerializer<T> {

    private static final long serialVersionUID = 1L;

    private final TypeSerializer<T> inner;
    private final boolean immutable;
    private transient DataOutputSerializer buffer;
    private transient DataInputDeserializer block;

    /**
     * @param inner the serializer of the value's bytes
     * @param immutable whether values are never changed once made (records of immutable fields):
     *     then {@link #copy(Object)} hands out the value itself, where the heap backend would
     *     otherwise deep-copy every state value read or written while a snapshot is running
     */
    public WholeRecordSerializer(TypeSerializer<T> inner, boolean immutable) {
        this.inner = Objects.requireNonNull(inner, "inner");
        this.immutable = immutable || inner.isImmutableType();
    }

    TypeSerializer<T> inner() {
        return inner;
    }

    boolean immutable() {
        return immutable;
    }

    @Override
    public boolean isImmutableType() {
        return immutable;
    }

    @Override
    public TypeSerializer<T> duplicate() {
        return new WholeRecordSerializer<>(inner.duplicate(), immutable);
    }

    @Override
    public T createInstance() {
        return inner.createInstance();
    }

    @Override
    public T copy(T from) {
        return immutable ? from : inner.copy(from);
    }

    @Override
    public T copy(T from, T reuse) {
        return immutable ? from : inner.copy(from, reuse);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(T record, DataOutputView target) throws IOException {
        if (buffer == null) {
            buffer = new DataOutputSerializer(256);
        }
        buffer.clear();
        inner.serialize(record, buffer);
        target.writeInt(buffer.length());
        target.write(buffer.getSharedBuffer(), 0, buffer.length());
    }

    @Override
    public T deserialize(DataInputView source) throws IOException {
        int length = source.readInt();
        byte[] bytes = new byte[length];
        source.readFully(bytes);
        if (block == null) {
            block = new DataInputDeserializer();
        }
        block.setBuffer(bytes);
        T value = inner.deserialize(block);
        if (block.available() != 0) {
            throw new IOException(
                    "state value of "
                            + length
                            + " bytes was read with "
                            + block.available()
                            + " bytes left over: the serializer does not match the stored state");
        }
        return value;
    }

    @Override
    public T deserialize(T reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        int length = source.readInt();
        byte[] bytes = new byte[length];
        source.readFully(bytes);
        target.writeInt(length);
        // Not target.write(source, length): a DataOutputSerializer refuses that instead of growing.
        target.write(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WholeRecordSerializer<?> other
                && immutable == other.immutable
                && inner.equals(other.inner);
    }

    @Override
    public int hashCode() {
        return 31 * inner.hashCode() + (immutable ? 1 : 0);
    }

    @Override
    public TypeSerializerSnapshot<T> snapshotConfiguration() {
        return new Snapshot<>(this);
    }

    /** Nests the wrapped serializer's snapshot; restoring checks that one's compatibility. */
    public static final class Snapshot<T>
            extends CompositeTypeSerializerSnapshot<T, WholeRecordSerializer<T>> {

        private static final int VERSION = 1;

        private boolean immutable;

        /** For reading a snapshot back. */
        public Snapshot() {}

        Snapshot(WholeRecordSerializer<T> serializer) {
            super(serializer);
            this.immutable = serializer.immutable();
        }

        @Override
        protected void writeOuterSnapshot(DataOutputView out) throws IOException {
            out.writeBoolean(immutable);
        }

        @Override
        protected void readOuterSnapshot(
                int readOuterSnapshotVersion, DataInputView in, ClassLoader userCodeClassLoader)
                throws IOException {
            immutable = in.readBoolean();
        }

        @Override
        protected int getCurrentOuterSnapshotVersion() {
            return VERSION;
        }

        @Override
        protected TypeSerializer<?>[] getNestedSerializers(WholeRecordSerializer<T> outer) {
            return new TypeSerializer<?>[] {outer.inner()};
        }

        @Override
        @SuppressWarnings("unchecked")
        protected WholeRecordSerializer<T> createOuterSerializerWithNestedSerializers(
                TypeSerializer<?>[] nested) {
            return new WholeRecordSerializer<>((TypeSerializer<T>) nested[0], immutable);
        }
    }
}
