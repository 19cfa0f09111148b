package io.leadflow.schema.event;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The event types of the contract (SPEC section 1), with their wire names and schema files. */
public enum EventType {
    LEAD_CREATED("lead.created", true),
    LEAD_UPDATED("lead.updated", true),
    LEAD_STATUS_CHANGED("lead.status_changed", true),
    LEAD_ASSIGNED("lead.assigned", true),
    ACTIVITY("activity", true),
    OPPORTUNITY("opportunity", true),
    CAMPAIGN_COST("campaign.cost", false);

    private static final Map<String, EventType> BY_WIRE_NAME =
            Arrays.stream(values()).collect(Collectors.toMap(t -> t.wireName, Function.identity()));

    private final String wireName;
    private final boolean aboutALead;

    EventType(String wireName, boolean aboutALead) {
        this.wireName = wireName;
        this.aboutALead = aboutALead;
    }

    /** The value of the {@code type} field. */
    public String wireName() {
        return wireName;
    }

    /** Whether the event needs a {@code leadId}: every type but spend reports does. */
    public boolean aboutALead() {
        return aboutALead;
    }

    /** The JSON Schema file that describes this type, relative to the schema folder. */
    public String schemaFile() {
        return wireName + ".schema.json";
    }

    public static Optional<EventType> fromWireName(String wireName) {
        return Optional.ofNullable(BY_WIRE_NAME.get(wireName));
    }
}
