package io.leadflow.jobs.testing;

import io.leadflow.schema.event.LeadEvent;
import io.leadflow.schema.parse.EventParser;
import io.leadflow.schema.parse.ParseOutcome;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Builds test events as JSON and runs them through the real parser, so tests use the contract. */
public final class Events {

    private static final EventParser PARSER = new EventParser();
    private static int counter;

    private Events() {}

    public static byte[] json(
            String eventId, String type, String leadId, String at, String payload) {
        return ("{\"eventId\":\""
                        + eventId
                        + "\",\"type\":\""
                        + type
                        + "\",\"leadId\":\""
                        + leadId
                        + "\",\"occurredAt\":\""
                        + at
                        + "\",\"source\":\"crm\",\"schemaVersion\":1,\"payload\":"
                        + payload
                        + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    public static LeadEvent parse(byte[] json) {
        ParseOutcome outcome = PARSER.parse(json);
        if (!outcome.isAccepted()) {
            throw new IllegalArgumentException(outcome.rejection().message());
        }
        return outcome.event();
    }

    public static synchronized String nextId() {
        return "e-" + (++counter);
    }

    public static LeadEvent created(String leadId, String at, String channel) {
        return parse(
                json(
                        nextId(),
                        "lead.created",
                        leadId,
                        at,
                        "{\"channel\":\"" + channel + "\",\"leadSource\":\"google_ads\"}"));
    }

    /** A capture in {@code initialStatus} (a lead created straight into MQL, say). */
    public static LeadEvent createdAs(String leadId, String at, String initialStatus) {
        return parse(
                json(
                        nextId(),
                        "lead.created",
                        leadId,
                        at,
                        "{\"channel\":\"web_form\",\"leadSource\":\"google_ads\",\"initialStatus\":\""
                                + initialStatus
                                + "\"}"));
    }

    public static LeadEvent status(String leadId, String at, String status, String reason) {
        String payload =
                "{\"status\":\""
                        + status
                        + "\""
                        + (reason == null ? "" : ",\"reason\":\"" + reason + "\"")
                        + ",\"actor\":\"rep-1\"}";
        return parse(json(nextId(), "lead.status_changed", leadId, at, payload));
    }

    public static LeadEvent outbound(String leadId, String at, String kind, String disposition) {
        return parse(
                json(
                        nextId(),
                        "activity",
                        leadId,
                        at,
                        "{\"kind\":\""
                                + kind
                                + "\",\"direction\":\"outbound\",\"actor\":\"rep-1\",\"disposition\":\""
                                + disposition
                                + "\"}"));
    }

    public static LeadEvent inbound(String leadId, String at, String kind) {
        return parse(
                json(
                        nextId(),
                        "activity",
                        leadId,
                        at,
                        "{\"kind\":\"" + kind + "\",\"direction\":\"inbound\"}"));
    }

    /** An inbound touch tagged with UTM source and campaign. */
    public static LeadEvent touch(String leadId, String at, String leadSource, String campaign) {
        return parse(
                json(
                        nextId(),
                        "activity",
                        leadId,
                        at,
                        "{\"kind\":\"email_click\",\"direction\":\"inbound\",\"leadSource\":\""
                                + leadSource
                                + "\",\"campaign\":\""
                                + campaign
                                + "\"}"));
    }

    public static LeadEvent assigned(String leadId, String at, String owner) {
        return parse(
                json(
                        nextId(),
                        "lead.assigned",
                        leadId,
                        at,
                        "{\"owner\":\"" + owner + "\",\"team\":\"team-east\"}"));
    }

    public static LeadEvent opportunity(String leadId, String at, String action, Double amount) {
        return parse(
                json(
                        nextId(),
                        "opportunity",
                        leadId,
                        at,
                        "{\"action\":\""
                                + action
                                + "\",\"opportunityId\":\"o-"
                                + leadId
                                + "\""
                                + (amount == null
                                        ? ""
                                        : ",\"amount\":" + amount + ",\"currency\":\"EUR\"")
                                + "}"));
    }

    public static long millis(String at) {
        return Instant.parse(at).toEpochMilli();
    }
}
