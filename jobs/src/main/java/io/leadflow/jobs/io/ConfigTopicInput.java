package io.leadflow.jobs.io;

import io.leadflow.jobs.config.KafkaSettings;

import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;

/**
 * The config topic as a stream of {@link ConfigMessage}s. A fresh start reads what is published
 * from its start time on: the rules file is the starting point, and the topic carries the changes
 * made while the job runs; a restart from a checkpoint resumes where it was, with the rules then in
 * force. Config changes have nothing to do with event time, so the stream never holds back the
 * watermark of the operators it is joined with.
 */
public final class ConfigTopicInput {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigTopicInput.class);

    private ConfigTopicInput() {}

    /** The config topic from {@code startMillis} on, unbounded. */
    public static DataStream<ConfigMessage> stream(
            StreamExecutionEnvironment env, KafkaSettings kafka, long startMillis) {
        KafkaSource<ConfigMessage> source =
                KafkaSource.<ConfigMessage>builder()
                        .setBootstrapServers(kafka.bootstrap())
                        .setTopics(kafka.configTopic())
                        .setGroupId(kafka.groupId() + "-config")
                        .setStartingOffsets(OffsetsInitializer.timestamp(startMillis))
                        .setDeserializer(new Deserializer())
                        .setProperty("commit.offsets.on.checkpoint", "true")
                        .build();
        return env.fromSource(source, neverHoldsBack(), "kafka-config")
                .uid("kafka-config")
                .setParallelism(1);
    }

    /**
     * An input that is always idle, so the joined operators follow their other input alone. Not a
     * watermark at the end of time: while the events pause, that one would become the joined
     * operator's watermark, decide every deadline still waiting on event time at once, and, since a
     * watermark never goes back, leave the deadlines the job learns of later without a watermark to
     * fire them.
     */
    private static WatermarkStrategy<ConfigMessage> neverHoldsBack() {
        return WatermarkStrategy.forGenerator(
                context ->
                        new WatermarkGenerator<>() {
                            @Override
                            public void onEvent(
                                    ConfigMessage event, long timestamp, WatermarkOutput output) {}

                            @Override
                            public void onPeriodicEmit(WatermarkOutput output) {
                                output.markIdle();
                            }
                        });
    }

    private static final class Deserializer
            implements KafkaRecordDeserializationSchema<ConfigMessage> {

        private static final long serialVersionUID = 1L;

        @Override
        public void deserialize(
                ConsumerRecord<byte[], byte[]> record, Collector<ConfigMessage> out) {
            out.collect(
                    new ConfigMessage(
                            record.topic(),
                            record.partition(),
                            record.offset(),
                            record.key() == null
                                    ? ""
                                    : new String(record.key(), StandardCharsets.UTF_8),
                            record.timestamp(),
                            record.value() == null ? new byte[0] : record.value()));
        }

        @Override
        public TypeInformation<ConfigMessage> getProducedType() {
            return TypeInformation.of(ConfigMessage.class);
        }
    }
}
