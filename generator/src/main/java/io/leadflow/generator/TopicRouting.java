package io.leadflow.generator;

import java.util.Objects;

/**
 * Which topic and key an event goes to (SPEC section 7): lead.* events and campaign costs to the
 * leads topic, activities and opportunities to the activities topic. The key is the lead id, so all
 * events of a lead share a partition; campaign costs have no lead and are keyed {@code
 * campaign:<campaign>}.
 *
 * @param leadsTopic topic for lead.* and campaign.cost events
 * @param activitiesTopic topic for activity and opportunity events
 */
public record TopicRouting(String leadsTopic, String activitiesTopic) {

    public static final String LEADS = "leadflow.leads";
    public static final String ACTIVITIES = "leadflow.activities";

    public TopicRouting {
        Objects.requireNonNull(leadsTopic, "leadsTopic");
        Objects.requireNonNull(activitiesTopic, "activitiesTopic");
    }

    public static TopicRouting defaults() {
        return new TopicRouting(LEADS, ACTIVITIES);
    }

    public String topicOf(String eventType) {
        return LeadEvent.ACTIVITY.equals(eventType) || LeadEvent.OPPORTUNITY.equals(eventType)
                ? activitiesTopic
                : leadsTopic;
    }

    public String keyOf(LeadEvent event) {
        if (LeadEvent.CAMPAIGN_COST.equals(event.type())) {
            return "campaign:" + event.payload().path("campaign").asText();
        }
        return event.leadId();
    }

    public KafkaRecord route(LeadEvent event) {
        return new KafkaRecord(topicOf(event.type()), keyOf(event), event.toBytes());
    }
}
