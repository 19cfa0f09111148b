package io.leadflow.schema.event;

/** Company facts of a lead; every field may be null when the producer did not send it. */
public record Firmographics(
        String company,
        String industry,
        Integer employees,
        String revenueBand,
        String country,
        String segment) {}
