package io.leadflow.schema.event;

/** Payload of {@code lead.assigned}: routing to an owner, team, territory or partner. */
public record Assignment(String owner, String team, String territory, String partner) {}
