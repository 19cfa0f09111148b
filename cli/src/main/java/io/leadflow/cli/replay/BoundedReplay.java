package io.leadflow.cli.replay;

import io.leadflow.generator.FeedProgress;
import io.leadflow.generator.GeneratorFeed;
import io.leadflow.generator.KafkaRecord;
import io.leadflow.jobs.LeadflowJob;
import io.leadflow.jobs.config.LeadflowConfig;
import io.leadflow.jobs.io.KafkaInput;
import io.leadflow.jobs.io.SourceRecord;

import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import org.apache.kafka.common.TopicPartition;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Produces a prepared set of records to the job's input topics and runs the leadflow job, bounded,
 * over exactly those records: the topics' end offsets before producing are where it starts, the end
 * offsets after producing are where it stops. Whatever the topics held before (an earlier replay,
 * demo traffic) is not read again, and the job ends by itself when the range is done.
 *
 * @param config the job configuration (Kafka topics, ClickHouse, job settings)
 */
public record BoundedReplay(LeadflowConfig config) {

    /** The offsets the job read between, per partition of the input topics. */
    public record Range(
            Map<TopicPartition, Long> before, Map<TopicPartition, Long> after, long produced) {

        /** Records in the range; equals {@link #produced} unless someone else wrote meanwhile. */
        public long size() {
            return after.entrySet().stream()
                    .mapToLong(e -> e.getValue() - before.getOrDefault(e.getKey(), 0L))
                    .sum();
        }
    }

    /**
     * Produces {@code records}, then builds and executes the job on {@code env} over them.
     *
     * @param progress receives one line per step
     */
    public Range run(
            List<KafkaRecord> records, StreamExecutionEnvironment env, Consumer<String> progress)
            throws Exception {
        List<String> topics =
                List.of(config.kafka().leadsTopic(), config.kafka().activitiesTopic());
        Map<TopicPartition, Long> before = TopicEndOffsets.of(config.kafka().bootstrap(), topics);
        progress.accept("producing " + records.size() + " events to " + topics);
        FeedProgress sent;
        try (GeneratorFeed feed = new GeneratorFeed(config.kafka().bootstrap())) {
            sent = feed.send(records, 0, p -> {});
        }
        Map<TopicPartition, Long> after = TopicEndOffsets.of(config.kafka().bootstrap(), topics);
        Range range = new Range(before, after, sent.sent());
        progress.accept(
                "running the leadflow job over offsets "
                        + before.values().stream().mapToLong(Long::longValue).sum()
                        + ".."
                        + after.values().stream().mapToLong(Long::longValue).sum()
                        + " ("
                        + range.size()
                        + " records)");
        // A fresh group: the replay must not move, nor start from, the live job's committed
        // offsets.
        DataStream<SourceRecord> input =
                KafkaInput.stream(
                        env,
                        config.kafka().withGroupId("leadflow-replay-" + UUID.randomUUID()),
                        config.job(),
                        OffsetsInitializer.offsets(before),
                        OffsetsInitializer.offsets(after));
        LeadflowJob.build(config, input);
        env.execute("leadflow-replay");
        return range;
    }
}
