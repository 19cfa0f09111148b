package io.leadflow.jobs.config;

import io.leadflow.jobs.sla.SlaPolicyFile;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * The SLA policies sales is held to, and the optional webhook (Slack-compatible) that live alerts
 * are posted to besides the alerts topic.
 *
 * @param policies the policies, from {@code sla.policies-file}
 * @param webhookUrl where live alerts are posted; empty for no webhook; never printed
 * @param webhookTimeout how long one post may take
 * @param webhookRetries retries of a failed post before it is given up
 */
public record SlaSettings(
        SlaPolicyFile policies, String webhookUrl, Duration webhookTimeout, int webhookRetries)
        implements Serializable {

    public SlaSettings {
        Objects.requireNonNull(policies, "policies");
        webhookUrl = Setting.SLA_WEBHOOK_URL.canonical(webhookUrl);
        webhookTimeout = Setting.SLA_WEBHOOK_TIMEOUT.canonical(webhookTimeout);
        webhookRetries = Setting.SLA_WEBHOOK_RETRIES.canonical(webhookRetries);
    }

    /** Replaces the policies, e.g. with ones built in a test. */
    public SlaSettings withPolicies(SlaPolicyFile policies) {
        return new SlaSettings(policies, webhookUrl, webhookTimeout, webhookRetries);
    }

    public SlaSettings withWebhook(String url) {
        return new SlaSettings(policies, url, webhookTimeout, webhookRetries);
    }

    /** Masks the webhook URL: for Slack and most chat tools the URL is the credential. */
    @Override
    public String toString() {
        return "SlaSettings[policies="
                + policies
                + ", webhookUrl="
                + (webhookUrl.isEmpty() ? "" : Setting.MASK)
                + ", webhookTimeout="
                + webhookTimeout
                + ", webhookRetries="
                + webhookRetries
                + "]";
    }
}
