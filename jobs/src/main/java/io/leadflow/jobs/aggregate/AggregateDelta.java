package io.leadflow.jobs.aggregate;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A change to one aggregate row: what a lead (or an SLA clock) adds to it now minus what it added
 * before. The aggregate state sums these, so a lead whose derivation changed is retracted from its
 * old rows and added to its new ones, whatever order its events came in.
 *
 * @param key the row
 * @param change what to add (negative to retract)
 */
public record AggregateDelta(AggregateKey key, Measures change) {

    /** The changes that turn contributions {@code before} into {@code after}; none when equal. */
    public static List<AggregateDelta> between(
            Map<AggregateKey, Measures> before, Map<AggregateKey, Measures> after) {
        List<AggregateDelta> deltas = new ArrayList<>();
        Set<AggregateKey> keys = new HashSet<>(before.keySet());
        keys.addAll(after.keySet());
        for (AggregateKey key : keys) {
            Measures old = before.get(key);
            Measures now = after.get(key);
            Measures change;
            if (old == null) {
                change = now;
            } else if (now == null) {
                change = Measures.zero(old.counters().length).plus(old, -1);
            } else if (old.equals(now)) {
                continue;
            } else {
                change = now.plus(old, -1);
            }
            deltas.add(new AggregateDelta(key, change));
        }
        return deltas;
    }
}
