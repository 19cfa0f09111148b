package io.leadflow.schema.event;

/** Payload of {@code lead.status_changed}: the requested status, why, and who asked. */
public record StatusChange(LeadStatus status, String reason, String actor) {}
