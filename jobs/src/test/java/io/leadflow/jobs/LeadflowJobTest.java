package io.leadflow.jobs;

import io.leadflow.jobs.config.LeadflowConfig;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The job's graph as {@code main} builds it: pure (building it talks to no server; topics and
 * tables are provisioned by {@code ./leadflow migrate}), and with a fixed, unique uid on every
 * operator, without which a savepoint cannot be restored into a new build.
 */
class LeadflowJobTest {

    /** Every output on, and servers that do not exist: nothing may try to reach them. */
    private static LeadflowConfig unreachable() {
        LeadflowConfig d = LeadflowConfig.defaults();
        return d.withKafkaBootstrap("127.0.0.1:1")
                .withClickHouse("http://127.0.0.1:1", "default", "secret")
                .withSla(d.sla().withWebhook("http://127.0.0.1:1/hook"));
    }

    private static StreamGraph graph() {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(
                        LeadflowJob.flinkConfiguration(unreachable()));
        LeadflowJob.build(env, unreachable(), false);
        return env.getStreamGraph();
    }

    @Test
    void buildingTheGraphTalksToNoServer() {
        long started = System.nanoTime();
        StreamGraph graph = graph();
        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .as("no connection attempt, no timeout waited for")
                .isLessThan(Duration.ofSeconds(5));
        assertThat(graph.getStreamNodes()).extracting(StreamNode::getOperatorName).isNotEmpty();
    }

    @Test
    void everyOperatorOfTheJobHasAFixedUniqueUid() {
        StreamGraph graph = graph();
        List<String> withoutUid =
                graph.getStreamNodes().stream()
                        .filter(n -> n.getTransformationUID() == null)
                        .map(StreamNode::getOperatorName)
                        .toList();
        assertThat(withoutUid).isEmpty();
        assertThat(graph.getStreamNodes())
                .extracting(StreamNode::getTransformationUID)
                .contains(
                        "kafka-events",
                        "kafka-config",
                        "lead-lifecycle",
                        "sla-timers",
                        "hot-leads",
                        "sla-webhook")
                .doesNotHaveDuplicates();
    }

    @Test
    void rocksDbCheckpointsAreIncrementalAndTheHeapBackendsFull() {
        LeadflowConfig d = LeadflowConfig.defaults();
        LeadflowConfig rocks =
                d.withJob(
                        d.job().withStateBackend(io.leadflow.jobs.config.StateBackendKind.ROCKSDB));
        assertThat(
                        LeadflowJob.flinkConfiguration(rocks)
                                .get(
                                        org.apache.flink.configuration.CheckpointingOptions
                                                .INCREMENTAL_CHECKPOINTS))
                .isTrue();
        assertThat(
                        LeadflowJob.flinkConfiguration(d)
                                .get(
                                        org.apache.flink.configuration.CheckpointingOptions
                                                .INCREMENTAL_CHECKPOINTS))
                .isFalse();
    }
}
