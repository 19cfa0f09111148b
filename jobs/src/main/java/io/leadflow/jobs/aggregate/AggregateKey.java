package io.leadflow.jobs.aggregate;

import java.util.List;

/**
 * One row of one aggregate table: the aggregate and its dimension values, in the order of {@link
 * Aggregate#dimensions()}.
 */
public record AggregateKey(Aggregate aggregate, List<String> dimensions) {

    public AggregateKey {
        if (dimensions.size() != aggregate.dimensions().size()) {
            throw new IllegalArgumentException(
                    aggregate.table()
                            + " has "
                            + aggregate.dimensions().size()
                            + " dimensions, not "
                            + dimensions.size());
        }
        dimensions = List.copyOf(dimensions);
    }

    /** The key as one string, for partitioning the aggregate state by row. */
    public String partitionKey() {
        return aggregate.ordinal() + "\u0000" + String.join("\u0000", dimensions);
    }
}
