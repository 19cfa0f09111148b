package io.leadflow.jobs.io;

import io.leadflow.jobs.rows.WebhookDeliveryRow;
import io.leadflow.jobs.sla.AlertPager;
import io.leadflow.jobs.sla.SlaAlert;
import io.leadflow.jobs.sla.Webhook;
import io.leadflow.schema.clickhouse.ClickHouseHttp;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;

/**
 * The webhook's memory across restarts: the {@code webhook_deliveries} table. An alert with a
 * {@code DELIVERED} row is not posted again, whichever run delivered it; every outcome is a row, so
 * failed and dropped posts can be counted and looked at.
 */
public final class ClickHouseDeliveryLedger implements AlertPager.Ledger {

    private static final JsonFactory JSON = new JsonFactory();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final ClickHouseHttp clickHouse;
    private final String table;

    public ClickHouseDeliveryLedger(ClickHouseSink.Settings settings) {
        this.clickHouse = settings.client(TIMEOUT);
        this.table = settings.qualified(ClickHouseRowSinks.WEBHOOK_DELIVERIES.name());
    }

    @Override
    public boolean delivered(String alertId) {
        return clickHouse.queryLong(
                        "SELECT count() FROM "
                                + table
                                + " WHERE alert_id = "
                                + ClickHouseHttp.quote(alertId)
                                + " AND outcome = 'DELIVERED'")
                > 0;
    }

    @Override
    public void record(SlaAlert alert, Webhook.Delivery delivery, long finishedAtMillis)
            throws IOException {
        ByteArrayOutputStream row = new ByteArrayOutputStream(512);
        try (JsonGenerator out = JSON.createGenerator(row)) {
            ClickHouseRowSinks.WEBHOOK_DELIVERIES.write(
                    new WebhookDeliveryRow(alert, delivery, finishedAtMillis), out);
        }
        clickHouse.insert(
                table, ClickHouseRowSinks.WEBHOOK_DELIVERIES.columnNames(), row.toByteArray());
    }
}
