package io.leadflow.cli.replay;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The end (latest) offset of every partition of some topics, read with the Kafka admin client.
 * Taken before and after a replay produces its records, the two maps bound exactly the records the
 * replay added, whatever else the topics already hold.
 */
public final class TopicEndOffsets {

    private static final long TIMEOUT_SECONDS = 30;

    private TopicEndOffsets() {}

    public static Map<TopicPartition, Long> of(String bootstrap, List<String> topics)
            throws InterruptedException {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(properties)) {
            Map<String, TopicDescription> described =
                    admin.describeTopics(topics)
                            .allTopicNames()
                            .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            described
                    .values()
                    .forEach(
                            d ->
                                    d.partitions()
                                            .forEach(
                                                    p ->
                                                            request.put(
                                                                    new TopicPartition(
                                                                            d.name(),
                                                                            p.partition()),
                                                                    OffsetSpec.latest())));
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(request)
                    .all()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .forEach((partition, info) -> ends.put(partition, info.offset()));
            return ends;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    "cannot read the end offsets of " + topics + " at " + bootstrap + ": " + e, e);
        }
    }
}
