package io.leadflow.schema.event;

/**
 * One validated input event: the common envelope plus exactly one non-null payload matching {@link
 * #type()}. The payloads are separate fields rather than a polymorphic one so Flink can serialize
 * the record with its POJO serializer instead of falling back to Kryo.
 */
public record LeadEvent(
        String eventId,
        EventType type,
        String leadId,
        long occurredAtMillis,
        String source,
        int schemaVersion,
        LeadCreated created,
        LeadUpdated updated,
        StatusChange statusChange,
        Assignment assignment,
        Activity activity,
        OpportunityChange opportunity,
        CampaignCost campaignCost) {}
