package io.leadflow.generator;

import java.util.List;

/**
 * What {@link EventDelivery} decided to send, in arrival order, and what it did to the stream, so
 * tests can assert on the dead-letter output and the dedup counters.
 *
 * @param records everything to produce, in arrival order (real, duplicate and malformed)
 * @param duplicates the second copies of duplicated events (also contained in {@code records})
 * @param malformed the injected broken records (also contained in {@code records})
 * @param eventCount number of distinct real events delivered
 */
public record DeliveryPlan(
        List<KafkaRecord> records,
        List<KafkaRecord> duplicates,
        List<MalformedRecord> malformed,
        int eventCount) {

    public DeliveryPlan {
        records = List.copyOf(records);
        duplicates = List.copyOf(duplicates);
        malformed = List.copyOf(malformed);
    }
}
