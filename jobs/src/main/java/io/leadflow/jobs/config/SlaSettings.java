package io.leadflow.jobs.config;

import io.leadflow.jobs.sla.ReportSchedule;
import io.leadflow.jobs.sla.SlaPolicyFile;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * The SLA policies and hot-lead rules sales is held to, the optional webhook (Slack-compatible)
 * that live alerts are posted to besides the alerts topic, and the schedule of the untouched-leads
 * summary.
 *
 * @param policies the alerting rules, from {@code sla.policies-file}
 * @param webhookUrl where live alerts are posted; empty for no webhook; never printed
 * @param webhookTimeout how long one post may take
 * @param webhookRetries retries of a failed post before it is given up
 * @param untouchedReport when the untouched-leads summary goes out
 * @param untouchedDays days without activity that put an open lead in the summary
 */
public record SlaSettings(
        SlaPolicyFile policies,
        String webhookUrl,
        Duration webhookTimeout,
        int webhookRetries,
        ReportSchedule untouchedReport,
        int untouchedDays)
        implements Serializable {

    public SlaSettings {
        Objects.requireNonNull(policies, "policies");
        webhookUrl = Setting.SLA_WEBHOOK_URL.canonical(webhookUrl);
        webhookTimeout = Setting.SLA_WEBHOOK_TIMEOUT.canonical(webhookTimeout);
        webhookRetries = Setting.SLA_WEBHOOK_RETRIES.canonical(webhookRetries);
        untouchedReport = Setting.SLA_UNTOUCHED_REPORT.canonical(untouchedReport);
        untouchedDays = Setting.SLA_UNTOUCHED_DAYS.canonical(untouchedDays);
    }

    /** Replaces the policies, e.g. with ones built in a test. */
    public SlaSettings withPolicies(SlaPolicyFile policies) {
        return new SlaSettings(
                policies,
                webhookUrl,
                webhookTimeout,
                webhookRetries,
                untouchedReport,
                untouchedDays);
    }

    public SlaSettings withWebhook(String url) {
        return new SlaSettings(
                policies, url, webhookTimeout, webhookRetries, untouchedReport, untouchedDays);
    }

    public SlaSettings withWebhookRetries(int retries) {
        return new SlaSettings(
                policies, webhookUrl, webhookTimeout, retries, untouchedReport, untouchedDays);
    }

    /** Replaces the untouched-leads summary's schedule and threshold. */
    public SlaSettings withUntouchedReport(ReportSchedule schedule, int days) {
        return new SlaSettings(
                policies, webhookUrl, webhookTimeout, webhookRetries, schedule, days);
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
                + ", untouchedReport="
                + untouchedReport
                + ", untouchedDays="
                + untouchedDays
                + "]";
    }
}
