package io.leadflow.e2e;

import io.leadflow.e2e.testing.ClickHouseServer;
import io.leadflow.e2e.testing.KafkaServer;
import io.leadflow.generator.DeliveryOptions;
import io.leadflow.generator.EventDelivery;
import io.leadflow.generator.GeneratedHistory;
import io.leadflow.generator.GeneratorSettings;
import io.leadflow.generator.KafkaRecord;
import io.leadflow.generator.LeadHistoryGenerator;
import io.leadflow.runtime.LocalClickHouse;
import io.leadflow.runtime.LocalKafka;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The servers fail under a running job: the Kafka broker is restarted, and ClickHouse is killed
 * with SIGKILL (no shutdown, nothing flushed) and started again, while events keep arriving. The
 * job restarts until it can read and write again; in the end its tables equal those of a clean run
 * over the same topics: nothing lost, nothing counted twice. The servers are this test's own, so
 * the shared ones of the other tests are never disturbed.
 */
class InfrastructureRestartIT {

    /** Room for the disturbed job and the clean run beside it. */
    @RegisterExtension static final MiniClusterExtension FLINK = TestPipelines.miniCluster(2);

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void aRestartedBrokerAndAKilledClickHouseLoseAndDoubleNothing(@TempDir Path dir)
            throws Exception {
        Path kafkaDir = dir.resolve("kafka");
        Path clickHouseDir = dir.resolve("clickhouse");
        LocalKafka kafka = LocalKafka.start(kafkaDir);
        LocalClickHouse clickHouse = LocalClickHouse.start(clickHouseDir);
        JobClient job = null;
        try {
            KafkaServer broker = new KafkaServer(kafka.bootstrapServers());
            ClickHouseServer server =
                    new ClickHouseServer(
                            clickHouse.httpUrl(),
                            LocalClickHouse.WRITER_USER,
                            clickHouse.writerPassword());
            TestPipelines.Run disturbed = TestPipelines.create(broker, server, dir, "disturbed");
            GeneratedHistory history =
                    new LeadHistoryGenerator(
                                    GeneratorSettings.defaults()
                                            .withSeed(404L)
                                            .withLeadCount(4_000)
                                            .withLeadIdPrefix("infra-"))
                            .generate();
            List<KafkaRecord> records =
                    new EventDelivery(
                                    new DeliveryOptions(
                                            8L,
                                            Duration.ofHours(6),
                                            0.05,
                                            0.01,
                                            disturbed.routing()))
                            .plan(history.events())
                            .records();
            int quarter = records.size() / 4;

            disturbed.send(records.subList(0, quarter));
            job = disturbed.start(null);
            assertThat(
                            TestPipelines.await(
                                    () -> ResultTables.eventsApplied(disturbed.clickHouse()) > 0,
                                    90))
                    .isTrue();

            // The broker goes down under the running job and comes back on the same port.
            kafka.close();
            Thread.sleep(3_000);
            kafka = LocalKafka.start(kafkaDir);
            assertThat(kafka.bootstrapServers()).isEqualTo(broker.bootstrapServers());
            disturbed.send(records.subList(quarter, 2 * quarter));

            // ClickHouse dies without a shutdown while events keep coming, then starts again.
            assertThat(
                            TestPipelines.await(
                                    () ->
                                            ResultTables.eventsApplied(disturbed.clickHouse())
                                                    > quarter / 2,
                                    90))
                    .isTrue();
            clickHouse.kill();
            disturbed.send(records.subList(2 * quarter, 3 * quarter));
            Thread.sleep(5_000);
            clickHouse = LocalClickHouse.start(clickHouseDir);
            assertThat(clickHouse.httpUrl()).isEqualTo(server.httpUrl());
            disturbed.send(records.subList(3 * quarter, records.size()));

            // The clean run over the same topics, now that they hold everything.
            TestPipelines.Run clean = disturbed.overTheSameTopics(server, dir, "clean");
            clean.runBounded();
            Map<String, String> expected = ResultTables.of(clean.clickHouse());
            long events = ResultTables.eventsApplied(clean.clickHouse());
            assertThat(events).isGreaterThan(records.size() / 2);

            TestPipelines.await(
                    () ->
                            ResultTables.eventsApplied(disturbed.clickHouse()) == events
                                    && ResultTables.of(disturbed.clickHouse()).equals(expected),
                    180);
            job.cancel().get(30, TimeUnit.SECONDS);
            job = null;
            ResultTables.assertSame(expected, ResultTables.of(disturbed.clickHouse()), "disturbed");
            GroundTruthCheck.assertLeadsMatchTruth(clean.clickHouse(), history);
        } finally {
            if (job != null) {
                job.cancel().get(30, TimeUnit.SECONDS);
            }
            clickHouse.close();
            kafka.close();
        }
    }
}
