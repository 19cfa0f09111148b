package io.leadflow.schema;

/** Placeholder. */
public final class Hello {}
