package io.leadflow.jobs;

import io.leadflow.jobs.aggregate.AggregateRow;
import io.leadflow.jobs.io.LeadEventDeserializer;
import io.leadflow.jobs.io.SourceRecord;
import io.leadflow.jobs.lifecycle.Transition;
import io.leadflow.jobs.lifecycle.TransitionPolicy;
import io.leadflow.jobs.rows.CampaignCostRow;
import io.leadflow.jobs.rows.DeadLetter;
import io.leadflow.jobs.rows.LateEventRow;
import io.leadflow.jobs.rows.LeadStateRow;
import io.leadflow.jobs.sla.AlertRules;
import io.leadflow.jobs.testing.CollectingSink;
import io.leadflow.schema.parse.EventParser;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.MiniClusterExtension;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static io.leadflow.jobs.testing.Events.json;
import static org.assertj.core.api.Assertions.assertThat;

/** The real pipeline on a MiniCluster, fed from memory instead of Kafka. */
class LeadflowPipelineTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @ParameterizedTest(name = "state backend {0}")
    @ValueSource(strings = {"hashmap", "rocksdb"})
    void routesDeduplicatesAndDerivesLeadsWithoutKryo(String stateBackend) throws Exception {
        EventParser parser = new EventParser();
        List<byte[]> values = new ArrayList<>();
        for (int lead = 0; lead < 50; lead++) {
            String id = "L" + lead;
            values.add(
                    json(
                            id + "-c",
                            "lead.created",
                            id,
                            "2026-01-01T00:00:00Z",
                            "{\"channel\":\"web_form\"}"));
            values.add(
                    json(
                            id + "-s",
                            "lead.status_changed",
                            id,
                            "2026-01-02T00:00:00Z",
                            "{\"status\":\"MQL\"}"));
            values.add(
                    json(
                            id + "-a",
                            "activity",
                            id,
                            "2026-01-01T05:00:00Z",
                            "{\"kind\":\"call\",\"direction\":\"outbound\",\"actor\":\"rep\",\"disposition\":\"connected\"}"));
            values.add(
                    json(
                            id + "-s",
                            "lead.status_changed",
                            id,
                            "2026-01-02T00:00:00Z",
                            "{\"status\":\"MQL\"}"));
        }
        values.add("{not json".getBytes(StandardCharsets.UTF_8));
        values.add(
                json(
                        "bad-1",
                        "lead.status_changed",
                        "L1",
                        "2026-01-02T00:00:00Z",
                        "{\"status\":\"HOT\"}"));
        values.add(
                ("{\"eventId\":\"cost-1\",\"type\":\"campaign.cost\",\"occurredAt\":\"2026-01-02T00:00:00Z\","
                                + "\"source\":\"ads\",\"schemaVersion\":1,\"payload\":{\"day\":\"2026-01-01\","
                                + "\"leadSource\":\"google_ads\",\"campaign\":\"spring\",\"amount\":99.5,\"currency\":\"EUR\"}}")
                        .getBytes(StandardCharsets.UTF_8));
        List<SourceRecord> records = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            records.add(
                    LeadEventDeserializer.classify(
                            parser, "leadflow.leads", 0, i, null, 0L, values.get(i)));
        }

        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        conf.set(StateBackendOptions.STATE_BACKEND, stateBackend);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        CollectingSink<LeadStateRow> state = new CollectingSink<>();
        CollectingSink<DeadLetter> deadLetters = new CollectingSink<>();
        CollectingSink<CampaignCostRow> costs = new CollectingSink<>();
        CollectingSink<LateEventRow> late = new CollectingSink<>();
        CollectingSink<AggregateRow> aggregates = new CollectingSink<>();
        LeadflowPipeline.wire(
                env.fromData(
                                TypeInformation.of(SourceRecord.class),
                                records.toArray(SourceRecord[]::new))
                        .assignTimestampsAndWatermarks(WatermarkStrategy.noWatermarks()),
                LeadflowPipeline.Sinks.builder()
                        .leadState(state)
                        .aggregates(aggregates)
                        .eventClock(new DiscardingSink<>())
                        .deadLetterTable(deadLetters)
                        .withoutDeadLetterTopic()
                        .campaignCosts(costs)
                        .lateEvents(late)
                        .withoutAlerting()
                        .withoutScoring()
                        .build(),
                Duration.ofDays(1),
                Duration.ofDays(7),
                TransitionPolicy.defaults(),
                Duration.ofSeconds(1),
                LeadflowPipeline.Alerting.of(AlertRules.none()));
        env.execute("pipeline-test");

        Map<String, LeadStateRow> latest =
                state.values().stream()
                        .collect(
                                Collectors.toMap(
                                        r -> r.lead().leadId(),
                                        Function.identity(),
                                        (a, b) -> a.version() >= b.version() ? a : b));
        assertThat(latest).hasSize(50);
        assertThat(latest.values())
                .allSatisfy(
                        r -> {
                            assertThat(r.lead().status()).isEqualTo("MQL");
                            assertThat(r.lead().contactStatus().name()).isEqualTo("CONNECTED");
                            assertThat(r.version())
                                    .as("the duplicate is not counted")
                                    .isEqualTo(3L);
                        });
        // The row with the highest version carries the lead's whole history, whatever the
        // arrival order across the parallel source was.
        assertThat(latest.values())
                .allSatisfy(
                        r ->
                                assertThat(r.transitions())
                                        .extracting(Transition::toStatus)
                                        .containsExactly("INQUIRY", "MQL"));
        assertThat(deadLetters.values())
                .extracting(DeadLetter::reasonCode)
                .containsExactlyInAnyOrder("NOT_JSON", "SCHEMA_VIOLATION");
        assertThat(
                        deadLetters.values().stream()
                                .min(Comparator.comparing(DeadLetter::offset))
                                .get()
                                .raw())
                .isEqualTo("{not json".getBytes(StandardCharsets.UTF_8));
        assertThat(costs.values())
                .singleElement()
                .satisfies(c -> assertThat(c.cost().amount()).isEqualTo(99.5));
    }
}
