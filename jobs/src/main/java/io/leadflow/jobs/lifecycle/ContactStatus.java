package io.leadflow.jobs.lifecycle;

/**
 * Whether sales has reached the lead, kept apart from the lifecycle status (SPEC section 2):
 * dispositions describe contact attempts, never the lead's stage.
 */
public enum ContactStatus {
    NOT_CONTACTED,
    ATTEMPTING,
    CONNECTED,
    UNRESPONSIVE,
    BAD_CONTACT_DATA;

    /** Attempts without a connect after which a lead counts as unresponsive. */
    public static final int UNRESPONSIVE_AFTER_ATTEMPTS = 5;

    /** The contact status implied by what the attempts so far revealed. */
    public static ContactStatus of(boolean connected, boolean badContactData, int attempts) {
        if (connected) {
            return CONNECTED;
        }
        if (badContactData) {
            return BAD_CONTACT_DATA;
        }
        if (attempts >= UNRESPONSIVE_AFTER_ATTEMPTS) {
            return UNRESPONSIVE;
        }
        return attempts > 0 ? ATTEMPTING : NOT_CONTACTED;
    }
}
