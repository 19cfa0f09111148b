package io.leadflow.jobs.io;

import io.leadflow.schema.event.LeadEvent;

import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Sends status changes the job itself decides (a sales-ready score moving a lead to MQL) to the
 * lead topic as ordinary {@code lead.status_changed} events of the event contract, keyed by lead:
 * the lifecycle applies them like a CRM's, through the same checks, deduplication and history. At
 * least once; the event id is stable, so a repeat is dropped as a duplicate.
 */
public final class KafkaStatusChangeSink {

    private static final ObjectMapper JSON = new ObjectMapper();

    private KafkaStatusChangeSink() {}

    public static KafkaSink<LeadEvent> create(String bootstrap, String topic) {
        KafkaRecordSerializationSchema<LeadEvent> serializer =
                (event, context, timestamp) ->
                        new ProducerRecord<>(
                                topic,
                                event.leadId().getBytes(StandardCharsets.UTF_8),
                                toBytes(event));
        return KafkaSink.<LeadEvent>builder()
                .setBootstrapServers(bootstrap)
                .setKafkaProducerConfig(KafkaOutput.producerProperties())
                .setRecordSerializer(serializer)
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .build();
    }

    /** The event as the contract's JSON ({@code lead.status_changed.schema.json}). */
    public static byte[] toBytes(LeadEvent event) {
        ObjectNode root = JSON.createObjectNode();
        root.put("eventId", event.eventId());
        root.put("type", event.type().wireName());
        root.put("leadId", event.leadId());
        root.put("occurredAt", Instant.ofEpochMilli(event.occurredAtMillis()).toString());
        root.put("source", event.source());
        root.put("schemaVersion", event.schemaVersion());
        ObjectNode payload = root.putObject("payload");
        payload.put("status", event.statusChange().status().name());
        payload.put("reason", event.statusChange().reason());
        payload.put("actor", event.statusChange().actor());
        return root.toString().getBytes(StandardCharsets.UTF_8);
    }
}
