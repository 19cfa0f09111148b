package io.leadflow.schema.event;

import java.util.Set;

/**
 * Payload of {@code activity}: one touch. A contact attempt is an outbound call, email, meeting or
 * SMS; inbound touches (page views, email opens, ...) show interest but are not contact. An inbound
 * touch that names its marketing source or campaign (UTM parameters) is an attributed touch, the
 * basis of last-touch attribution.
 */
public record Activity(
        String kind,
        String direction,
        String actor,
        String disposition,
        String url,
        String leadSource,
        String campaign,
        String medium) {

    private static final Set<String> CONTACT_KINDS = Set.of("call", "email_sent", "meeting", "sms");
    private static final Set<String> CONNECTED = Set.of("connected", "meeting_booked");
    private static final Set<String> BAD_CONTACT_DATA =
            Set.of("wrong_number", "bad_email", "bounced");

    public boolean isContactAttempt() {
        return "outbound".equals(direction) && CONTACT_KINDS.contains(kind);
    }

    public boolean connected() {
        return isContactAttempt() && CONNECTED.contains(disposition);
    }

    public boolean isAttributedTouch() {
        return "inbound".equals(direction) && (leadSource != null || campaign != null);
    }

    public boolean revealsBadContactData() {
        return isContactAttempt() && BAD_CONTACT_DATA.contains(disposition);
    }
}
