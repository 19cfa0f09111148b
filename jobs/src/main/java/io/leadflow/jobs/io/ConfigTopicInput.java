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

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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

    /**
     * Makes sure the config topic exists, creating it with one partition (the latest document must
     * win) when it does not: a job should not fail for want of a topic nobody has written to yet.
     *
     * @return false when the topic is missing and cannot be created (the job then runs with the
     *     rules it started with, and says so)
     */
    public static boolean ensureTopic(KafkaSettings kafka) {
        try (Admin admin =
                Admin.create(
                        Map.of(
                                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                kafka.bootstrap(),
                                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                                10_000,
                                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                                15_000))) {
            if (admin.listTopics()
                    .names()
                    .get(15, TimeUnit.SECONDS)
                    .contains(kafka.configTopic())) {
                return true;
            }
            admin.createTopics(List.of(new NewTopic(kafka.configTopic(), 1, (short) -1)))
                    .all()
                    .get(15, TimeUnit.SECONDS);
            LOG.info("created the config topic {} (1 partition)", kafka.configTopic());
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return true;
            }
            LOG.warn(
                    "config topic {} is missing and cannot be created ({}): alert rules cannot be"
                            + " changed while this job runs",
                    kafka.configTopic(),
                    e.getCause().toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (TimeoutException e) {
            LOG.warn(
                    "config topic {}: Kafka did not answer in 15 s: alert rules cannot be changed"
                            + " while this job runs",
                    kafka.configTopic());
            return false;
        }
    }

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
