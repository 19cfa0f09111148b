package io.leadflow.schema.event;

/** Payload of {@code lead.updated}: only the non-null fields change. */
public record LeadUpdated(
        Firmographics firmographics,
        String owner,
        String team,
        String territory,
        Boolean emailConsent,
        Boolean phoneConsent) {}
