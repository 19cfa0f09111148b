package io.leadflow.jobs.io;

import io.leadflow.jobs.rows.DeadLetter;
import io.leadflow.schema.parse.EventParser;
import io.leadflow.schema.parse.ParseOutcome;

import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.nio.charset.StandardCharsets;

/**
 * Parses and validates every Kafka record inside the source. It never throws: a record that is not
 * a valid event becomes a {@link DeadLetter} carrying its exact bytes and the reason, so bad input
 * cannot fail the job.
 */
public final class LeadEventDeserializer implements KafkaRecordDeserializationSchema<SourceRecord> {

    private static final long serialVersionUID = 1L;
    private static final long EARLIEST_PLAUSIBLE = 946_684_800_000L; // 2000-01-01T00:00:00Z
    private static final long ONE_DAY = 86_400_000L;

    private transient EventParser parser;

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        parser = new EventParser();
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<SourceRecord> out) {
        if (parser == null) {
            parser = new EventParser();
        }
        out.collect(
                classify(
                        parser,
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        record.key(),
                        record.timestamp(),
                        record.value()));
    }

    /** The source's decision for one record; shared with tests that bypass Kafka. */
    public static SourceRecord classify(
            EventParser parser,
            String topic,
            int partition,
            long offset,
            byte[] key,
            long timestamp,
            byte[] value) {
        ParseOutcome outcome = parser.parse(value);
        if (outcome.isAccepted()) {
            return SourceRecord.of(outcome.event());
        }
        return SourceRecord.of(
                new DeadLetter(
                        topic,
                        partition,
                        offset,
                        key == null ? "" : new String(key, StandardCharsets.UTF_8),
                        plausibleOrNow(timestamp),
                        outcome.rejection().reason().name(),
                        outcome.rejection().message(),
                        value == null ? new byte[0] : value));
    }

    /**
     * A producer sets a record's timestamp; one before 2000 (-1 means none) or more than a day
     * ahead would be stored as a nonsense date, so the time it was read stands in for it.
     */
    static long plausibleOrNow(long kafkaTimestamp) {
        long now = System.currentTimeMillis();
        return kafkaTimestamp < EARLIEST_PLAUSIBLE || kafkaTimestamp > now + ONE_DAY
                ? now
                : kafkaTimestamp;
    }

    @Override
    public TypeInformation<SourceRecord> getProducedType() {
        return TypeInformation.of(SourceRecord.class);
    }
}
