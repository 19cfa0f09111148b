package io.leadflow.jobs.io;

import io.leadflow.jobs.config.JobSettings;
import io.leadflow.jobs.config.KafkaSettings;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The job's input: one KafkaSource over the lead and activity topics, parsing inside the source so
 * watermarks follow event time per partition. Idle partitions are excluded from the watermark after
 * the idle timeout, so a quiet topic cannot stall event time. Dead letters carry no event time and
 * never move the watermark.
 */
public final class KafkaInput {

    private KafkaInput() {}

    /**
     * @param bounded stop at the offsets that are latest at start (replays, benchmarks, tests)
     */
    public static DataStream<SourceRecord> stream(
            StreamExecutionEnvironment env, KafkaSettings kafka, JobSettings job, boolean bounded) {
        return stream(
                env,
                kafka,
                job,
                startingOffsets(kafka),
                bounded ? OffsetsInitializer.latest() : null);
    }

    /**
     * The input between explicit offsets, e.g. exactly the records a replay produced.
     *
     * @param stopping where to stop, or null to run unbounded
     */
    public static DataStream<SourceRecord> stream(
            StreamExecutionEnvironment env,
            KafkaSettings kafka,
            JobSettings job,
            OffsetsInitializer starting,
            OffsetsInitializer stopping) {
        KafkaSourceBuilder<SourceRecord> builder =
                KafkaSource.<SourceRecord>builder()
                        .setBootstrapServers(kafka.bootstrap())
                        .setTopics(kafka.leadsTopic(), kafka.activitiesTopic())
                        .setGroupId(kafka.groupId())
                        .setStartingOffsets(starting)
                        .setDeserializer(new LeadEventDeserializer())
                        .setProperty("commit.offsets.on.checkpoint", "true");
        if (stopping != null) {
            builder.setBounded(stopping);
        } else {
            builder.setProperty("partition.discovery.interval.ms", "60000");
        }
        var source =
                env.fromSource(builder.build(), watermarks(job), "kafka-events")
                        .uid("kafka-events");
        return job.parallelism() > 0 ? source.setParallelism(job.parallelism()) : source;
    }

    public static WatermarkStrategy<SourceRecord> watermarks(JobSettings job) {
        return WatermarkStrategy.<SourceRecord>forBoundedOutOfOrderness(
                        job.watermarkOutOfOrderness())
                .withTimestampAssigner(
                        (record, kafkaTimestamp) ->
                                record.event() != null
                                        ? record.event().occurredAtMillis()
                                        : Long.MIN_VALUE)
                .withIdleness(job.sourceIdleTimeout());
    }

    private static OffsetsInitializer startingOffsets(KafkaSettings kafka) {
        return switch (kafka.startingOffsets()) {
            case EARLIEST -> OffsetsInitializer.earliest();
            case LATEST -> OffsetsInitializer.latest();
            case COMMITTED -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
        };
    }
}
