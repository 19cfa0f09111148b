package io.leadflow.schema.parse;

/** A rejected input record: the reason code and a message precise enough to fix the producer. */
public record Rejection(RejectReason reason, String message) {}
