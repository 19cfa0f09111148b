package io.leadflow.jobs.io;

import io.leadflow.jobs.sla.AlertPager;
import io.leadflow.jobs.sla.PagingOutcome;
import io.leadflow.schema.clickhouse.ClickHouseHttp;

import com.fasterxml.jackson.core.JsonFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

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
    public void record(List<PagingOutcome> outcomes) throws IOException {
        clickHouse.insert(
                table,
                ClickHouseRowSinks.WEBHOOK_DELIVERIES.columnNames(),
                ClickHouseRowSinks.WEBHOOK_DELIVERIES.jsonEachRow(outcomes));
    }
}
