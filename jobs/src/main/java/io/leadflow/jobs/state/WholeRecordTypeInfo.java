package io.leadflow.jobs.state;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

import java.util.Objects;

/**
 * A state type whose values are checkpointed by a {@link WholeRecordSerializer} around the type's
 * own serializer, made with the job's serializer configuration. Use it in state descriptors for
 * values of many fields or strings, and as the key type of a keyed stream with string keys (the
 * state backend writes the key of every state entry); small fixed-size values gain nothing. As a
 * key type it partitions exactly as the wrapped type: key groups come from the key's {@code
 * hashCode()}, not from its bytes.
 */
public final class WholeRecordTypeInfo<T> extends TypeInformation<T> {

    private static final long serialVersionUID = 1L;

    private final TypeInformation<T> inner;
    private final boolean immutable;

    private WholeRecordTypeInfo(TypeInformation<T> inner, boolean immutable) {
        this.inner = Objects.requireNonNull(inner, "inner");
        this.immutable = immutable;
    }

    /** {@code type} checkpointed one value per write. */
    public static <T> WholeRecordTypeInfo<T> of(TypeInformation<T> type) {
        return new WholeRecordTypeInfo<>(type, false);
    }

    /**
     * A record type whose values are never changed once made (its fields are immutable, its lists
     * unmodifiable), checkpointed one value per write and never deep-copied by the heap backend.
     */
    public static <T extends Record> WholeRecordTypeInfo<T> ofImmutable(Class<T> type) {
        return new WholeRecordTypeInfo<>(TypeInformation.of(type), true);
    }

    /** Strings (keyed-stream keys, map-state keys), checkpointed one per write. */
    public static final WholeRecordTypeInfo<String> STRING_KEY =
            new WholeRecordTypeInfo<>(org.apache.flink.api.common.typeinfo.Types.STRING, false);

    /** The class's own type information, checkpointed one value per write. */
    public static <T> WholeRecordTypeInfo<T> of(Class<T> type) {
        return of(TypeInformation.of(type));
    }

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<T> getTypeClass() {
        return inner.getTypeClass();
    }

    @Override
    public boolean isKeyType() {
        return inner.isKeyType();
    }

    @Override
    public TypeSerializer<T> createSerializer(SerializerConfig config) {
        return new WholeRecordSerializer<>(inner.createSerializer(config), immutable);
    }

    @Override
    public String toString() {
        return (immutable ? "WholeImmutableRecord(" : "WholeRecord(") + inner + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WholeRecordTypeInfo<?> other
                && immutable == other.immutable
                && inner.equals(other.inner);
    }

    @Override
    public int hashCode() {
        return 31 * inner.hashCode() + (immutable ? 1 : 7);
    }

    @Override
    public boolean canEqual(Object o) {
        return o instanceof WholeRecordTypeInfo;
    }
}
