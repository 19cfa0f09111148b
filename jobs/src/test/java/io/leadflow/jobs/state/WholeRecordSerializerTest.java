package io.leadflow.jobs.state;

import io.leadflow.jobs.lifecycle.LeadLifecycle;
import io.leadflow.jobs.lifecycle.LeadProgress;
import io.leadflow.jobs.lifecycle.TransitionPolicy;

import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static io.leadflow.jobs.testing.Events.created;
import static io.leadflow.jobs.testing.Events.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WholeRecordSerializerTest {

    private static final SerializerConfigImpl CONFIG = new SerializerConfigImpl();

    private static LeadProgress progress() {
        return LeadLifecycle.advance(
                TransitionPolicy.defaults(),
                "L1",
                null,
                List.of(
                        created("L1", "2026-01-01T00:00:00Z", "web_form"),
                        status("L1", "2026-01-02T00:00:00Z", "MQL", null)));
    }

    @Test
    void aValueIsWrittenAsOneBlockAndReadBackEqual() throws IOException {
        TypeSerializer<LeadProgress> plain =
                org.apache.flink.api.common.typeinfo.TypeInformation.of(LeadProgress.class)
                        .createSerializer(CONFIG);
        TypeSerializer<LeadProgress> whole =
                WholeRecordTypeInfo.of(LeadProgress.class).createSerializer(CONFIG);
        LeadProgress value = progress();

        DataOutputSerializer plainOut = new DataOutputSerializer(64);
        plain.serialize(value, plainOut);
        DataOutputSerializer out = new DataOutputSerializer(64);
        whole.serialize(value, out);
        whole.serialize(value, out);

        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        assertThat(in.readInt()).isEqualTo(plainOut.length());
        in = new DataInputDeserializer(out.getCopyOfBuffer());
        assertThat(whole.deserialize(in)).isEqualTo(value);
        // copy() of serialized form passes the block through unchanged
        DataOutputSerializer copied = new DataOutputSerializer(64);
        whole.copy(in, copied);
        assertThat(whole.deserialize(new DataInputDeserializer(copied.getCopyOfBuffer())))
                .isEqualTo(value);
        assertThat(in.available()).isZero();
    }

    @Test
    void duplicatesDoNotShareBuffersAndSnapshotsRestoreCompatible() throws IOException {
        TypeSerializer<String> whole =
                WholeRecordTypeInfo.of(Types.STRING).createSerializer(CONFIG);
        assertThat(whole.duplicate()).isNotSameAs(whole).isEqualTo(whole);

        TypeSerializerSnapshot<String> snapshot = whole.snapshotConfiguration();
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, snapshot);
        TypeSerializerSnapshot<String> read =
                TypeSerializerSnapshot.readVersionedSnapshot(
                        new DataInputDeserializer(out.getCopyOfBuffer()),
                        getClass().getClassLoader());
        TypeSerializerSchemaCompatibility<String> compatibility =
                whole.snapshotConfiguration().resolveSchemaCompatibility(read);
        assertThat(compatibility.isCompatibleAsIs()).isTrue();
        assertThat(read.restoreSerializer()).isEqualTo(whole);
    }

    @Test
    void anImmutableRecordIsHandedOutNotCopiedAndStaysImmutableAfterARestore() throws IOException {
        TypeSerializer<LeadProgress> copying =
                WholeRecordTypeInfo.of(
                                org.apache.flink.api.common.typeinfo.TypeInformation.of(
                                        LeadProgress.class))
                        .createSerializer(CONFIG);
        TypeSerializer<LeadProgress> immutable =
                WholeRecordTypeInfo.ofImmutable(LeadProgress.class).createSerializer(CONFIG);
        LeadProgress value = progress();
        assertThat(copying.copy(value)).isEqualTo(value).isNotSameAs(value);
        assertThat(immutable.copy(value)).isSameAs(value);
        assertThat(immutable).isNotEqualTo(copying);

        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, immutable.snapshotConfiguration());
        TypeSerializerSnapshot<LeadProgress> read =
                TypeSerializerSnapshot.readVersionedSnapshot(
                        new DataInputDeserializer(out.getCopyOfBuffer()),
                        getClass().getClassLoader());
        TypeSerializer<LeadProgress> restored = read.restoreSerializer();
        assertThat(restored).isEqualTo(immutable);
        assertThat(restored.isImmutableType()).isTrue();
    }

    @Test
    void aBlockTheSerializerDoesNotFillIsRefused() throws IOException {
        TypeSerializer<String> whole =
                WholeRecordTypeInfo.of(Types.STRING).createSerializer(CONFIG);
        DataOutputSerializer out = new DataOutputSerializer(64);
        DataOutputSerializer inner = new DataOutputSerializer(64);
        Types.STRING.createSerializer(CONFIG).serialize("abc", inner);
        out.writeInt(inner.length() + 4);
        out.write(inner.getCopyOfBuffer());
        out.writeInt(42);
        assertThatThrownBy(
                        () -> whole.deserialize(new DataInputDeserializer(out.getCopyOfBuffer())))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("4 bytes left over");
    }
}
