package io.leadflow.e2e;

import io.leadflow.generator.DeliveryOptions;
import io.leadflow.generator.EventDelivery;
import io.leadflow.generator.GeneratedHistory;
import io.leadflow.generator.GeneratorSettings;
import io.leadflow.generator.KafkaRecord;
import io.leadflow.generator.LeadHistoryGenerator;
import io.leadflow.generator.TopicRouting;
import io.leadflow.jobs.aggregate.AggregateDelta;
import io.leadflow.jobs.aggregate.AggregateKey;
import io.leadflow.jobs.aggregate.LeadContributions;
import io.leadflow.jobs.aggregate.Measures;
import io.leadflow.jobs.lifecycle.EventOrder;
import io.leadflow.jobs.lifecycle.LeadLifecycle;
import io.leadflow.jobs.lifecycle.TransitionPolicy;
import io.leadflow.jobs.operators.LeadLifecycleFunction;
import io.leadflow.schema.event.LeadEvent;
import io.leadflow.schema.parse.EventParser;
import io.leadflow.schema.parse.ParseOutcome;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lifecycle operator's incremental path (an in-order event applied in O(1), an out-of-order one
 * re-derived from the kept history, old contributions retracted and new ones added) against a batch
 * recomputation: the sum of every delta it emitted equals, row by row, the contributions of each
 * lead derived once from all its events in event-time order. Generated leads, delivered shuffled
 * over days with duplicates.
 */
class IncrementalAggregatesTest {

    @Test
    void theSumOfAllDeltasIsTheBatchAnswerWhateverTheArrivalOrder() throws Exception {
        GeneratedHistory history =
                new LeadHistoryGenerator(
                                GeneratorSettings.defaults()
                                        .withSeed(7L)
                                        .withLeadCount(3_000)
                                        .withLeadIdPrefix("inc-"))
                        .generate();
        EventParser parser = new EventParser();
        List<LeadEvent> arrivals = new ArrayList<>();
        for (KafkaRecord r :
                new EventDelivery(
                                new DeliveryOptions(
                                        5L,
                                        Duration.ofDays(3),
                                        0.10,
                                        0,
                                        new TopicRouting(
                                                TopicRouting.LEADS, TopicRouting.ACTIVITIES)))
                        .plan(history.events())
                        .records()) {
            ParseOutcome outcome = parser.parse(r.value());
            if (outcome.isAccepted() && outcome.event().leadId() != null) {
                arrivals.add(outcome.event());
            }
        }

        var harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(
                                new LeadLifecycleFunction(
                                        Duration.ofDays(30),
                                        Duration.ofDays(7),
                                        TransitionPolicy.defaults(),
                                        Duration.ofSeconds(1))),
                        LeadEvent::leadId,
                        Types.STRING);
        harness.open();
        for (LeadEvent e : arrivals) {
            harness.processElement(new StreamRecord<>(e, e.occurredAtMillis()));
        }
        Map<AggregateKey, Measures> streamed = new HashMap<>();
        for (StreamRecord<AggregateDelta> d :
                harness.getSideOutput(LeadLifecycleFunction.AGGREGATE_DELTAS)) {
            streamed.merge(d.getValue().key(), d.getValue().change(), (a, b) -> a.plus(b, 1));
        }
        harness.close();

        Map<AggregateKey, Measures> batch = new HashMap<>();
        Map<String, List<LeadEvent>> byLead =
                arrivals.stream()
                        .collect(
                                Collectors.groupingBy(
                                        LeadEvent::leadId, TreeMap::new, Collectors.toList()));
        byLead.forEach(
                (lead, events) -> {
                    Map<String, LeadEvent> distinct = new HashMap<>();
                    events.forEach(e -> distinct.putIfAbsent(e.eventId(), e));
                    List<LeadEvent> ordered = new ArrayList<>(distinct.values());
                    ordered.sort(EventOrder.COMPARATOR);
                    LeadContributions.of(LeadLifecycle.derive(lead, ordered))
                            .forEach((k, m) -> batch.merge(k, m, (a, b) -> a.plus(b, 1)));
                });
        streamed.values().removeIf(Measures::isZero);
        batch.values().removeIf(Measures::isZero);
        Map<String, String> differences = new TreeMap<>();
        batch.forEach(
                (k, m) -> {
                    if (!m.equals(streamed.get(k))) {
                        differences.put(
                                k.toString(), "batch " + m + ", streamed " + streamed.get(k));
                    }
                });
        streamed.forEach(
                (k, m) -> {
                    if (!batch.containsKey(k)) {
                        differences.put(k.toString(), "batch none, streamed " + m);
                    }
                });
        assertThat(batch).hasSizeGreaterThan(1_000);
        assertThat(differences).isEmpty();
    }
}
