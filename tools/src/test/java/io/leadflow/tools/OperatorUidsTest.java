package io.leadflow.tools;

import io.leadflow.jobs.LeadflowJob;
import io.leadflow.tools.testing.ClickHouseExtension;
import io.leadflow.tools.testing.ClickHouseServer;
import io.leadflow.tools.testing.KafkaExtension;
import io.leadflow.tools.testing.KafkaServer;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A savepoint can only be restored into a new build if every stateful operator keeps its id: each
 * operator of the job's graph has a uid given in code, so none depends on the graph's shape.
 */
@ExtendWith({KafkaExtension.class, ClickHouseExtension.class})
class OperatorUidsTest {

    @Test
    void everyOperatorOfTheJobHasAFixedUid(
            KafkaServer kafka, ClickHouseServer clickHouse, @TempDir Path dir) {
        TestPipelines.Run run = TestPipelines.create(kafka, clickHouse, dir, "uids");
        StreamExecutionEnvironment env = run.environment(null);
        LeadflowJob.build(env, run.config(), false);
        StreamGraph graph = env.getStreamGraph();
        List<String> withoutUid =
                graph.getStreamNodes().stream()
                        .filter(n -> n.getTransformationUID() == null)
                        .map(StreamNode::getOperatorName)
                        .toList();
        assertThat(withoutUid).isEmpty();
        assertThat(graph.getStreamNodes())
                .extracting(StreamNode::getTransformationUID)
                .contains("kafka-events", "lead-lifecycle", "sla-timers", "hot-leads")
                .doesNotHaveDuplicates();
    }
}
