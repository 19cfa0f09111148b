package io.leadflow.jobs.io;

import io.leadflow.jobs.sla.SlaAlert;
import io.leadflow.jobs.sla.SlaAlertJson;

import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;

import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;

/**
 * The alerts topic: one JSON message per alert ({@link SlaAlertJson}), keyed by lead so a lead's
 * alerts stay in order. At least once, with a stable alert id for receivers to drop repeats.
 */
public final class KafkaAlertSink {

    private KafkaAlertSink() {}

    public static KafkaSink<SlaAlert> create(String bootstrap, String topic) {
        KafkaRecordSerializationSchema<SlaAlert> serializer =
                (alert, context, timestamp) ->
                        new ProducerRecord<>(
                                topic,
                                alert.leadId().getBytes(StandardCharsets.UTF_8),
                                SlaAlertJson.toBytes(alert));
        return KafkaSink.<SlaAlert>builder()
                .setBootstrapServers(bootstrap)
                .setKafkaProducerConfig(KafkaOutput.producerProperties())
                .setRecordSerializer(serializer)
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .build();
    }
}
