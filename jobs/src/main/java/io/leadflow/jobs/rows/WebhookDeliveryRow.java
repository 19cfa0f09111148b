package io.leadflow.jobs.rows;

import io.leadflow.jobs.sla.SlaAlert;
import io.leadflow.jobs.sla.Webhook;

/**
 * A {@code webhook_deliveries} upsert: what became of posting one alert to the webhook. Keyed by
 * the alert id; the latest outcome wins, and a delivered alert is never posted again, by any run.
 *
 * @param alert the alert
 * @param delivery the outcome, attempts, last HTTP status and error (never the URL)
 * @param finishedAtMillis when the last attempt ended (wall clock), also the version
 */
public record WebhookDeliveryRow(
        SlaAlert alert, Webhook.Delivery delivery, long finishedAtMillis) {}
