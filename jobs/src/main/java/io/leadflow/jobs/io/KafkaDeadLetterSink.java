package io.leadflow.jobs.io;

import io.leadflow.jobs.rows.DeadLetter;

import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;

/**
 * The dead-letter topic: each rejected record is forwarded with its original key and exact bytes,
 * so it can be fixed and replayed as is; why and where it came from travel in headers ({@code
 * leadflow.reason-code}, {@code leadflow.reason}, {@code leadflow.source}).
 */
public final class KafkaDeadLetterSink {

    private KafkaDeadLetterSink() {}

    public static KafkaSink<DeadLetter> create(String bootstrap, String topic) {
        KafkaRecordSerializationSchema<DeadLetter> serializer =
                (dl, context, timestamp) -> {
                    RecordHeaders headers = new RecordHeaders();
                    headers.add(header("leadflow.reason-code", dl.reasonCode()));
                    headers.add(header("leadflow.reason", dl.reason()));
                    headers.add(header("leadflow.source", dl.id()));
                    byte[] key =
                            dl.recordKey().isEmpty()
                                    ? null
                                    : dl.recordKey().getBytes(StandardCharsets.UTF_8);
                    return new ProducerRecord<>(topic, null, null, key, dl.raw(), headers);
                };
        return KafkaSink.<DeadLetter>builder()
                .setBootstrapServers(bootstrap)
                .setKafkaProducerConfig(KafkaOutput.producerProperties())
                .setRecordSerializer(serializer)
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .build();
    }

    private static RecordHeader header(String name, String value) {
        return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
