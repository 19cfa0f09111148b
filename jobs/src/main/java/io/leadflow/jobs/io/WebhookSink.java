package io.leadflow.jobs.io;

import io.leadflow.jobs.sla.AlertPager;
import io.leadflow.jobs.sla.SlaAlert;
import io.leadflow.jobs.sla.SlackMessage;
import io.leadflow.jobs.sla.Webhook;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.MetricGroup;

import java.net.URI;
import java.time.Duration;

/**
 * Posts alerts that are still news to a Slack-compatible webhook ({@link SlackMessage}), each once,
 * through an {@link AlertPager} that remembers deliveries in {@code webhook_deliveries}. Posting is
 * asynchronous with retries and a timeout, so a slow or failing webhook never holds up the job for
 * long: a checkpoint waits up to 2 s for the posts on their way, no more. Metrics: {@code
 * webhookDelivered}, {@code webhookFailed}, {@code webhookDropped}, {@code webhookStale} (not news
 * any more), {@code webhookRepeated} (delivered before).
 */
public final class WebhookSink implements Sink<SlaAlert> {

    private static final long serialVersionUID = 1L;
    private static final int MAX_IN_FLIGHT = 1_000;
    private static final Duration LOG_EVERY = Duration.ofMinutes(1);
    private static final Duration FLUSH_WAIT = Duration.ofSeconds(2);

    private final String url;
    private final Duration timeout;
    private final int retries;
    private final ClickHouseSink.Settings ledger;

    /**
     * @param url the webhook, a secret
     * @param timeout how long one post may take
     * @param retries retries of a failed post
     * @param ledger where deliveries are remembered ({@code webhook_deliveries})
     */
    public WebhookSink(String url, Duration timeout, int retries, ClickHouseSink.Settings ledger) {
        this.url = url;
        this.timeout = timeout;
        this.retries = retries;
        this.ledger = ledger;
    }

    @Override
    public SinkWriter<SlaAlert> createWriter(WriterInitContext context) {
        AlertPager pager =
                new AlertPager(
                        new Webhook(URI.create(url), timeout, retries),
                        new ClickHouseDeliveryLedger(ledger),
                        System::currentTimeMillis,
                        MAX_IN_FLIGHT,
                        LOG_EVERY);
        MetricGroup metrics = context.metricGroup();
        metrics.gauge("webhookDelivered", pager::delivered);
        metrics.gauge("webhookFailed", pager::failed);
        metrics.gauge("webhookDropped", pager::dropped);
        metrics.gauge("webhookStale", pager::stale);
        metrics.gauge("webhookRepeated", pager::repeated);
        return new SinkWriter<>() {
            @Override
            public void write(SlaAlert alert, Context ctx) {
                pager.offer(alert);
            }

            @Override
            public void flush(boolean endOfInput) throws InterruptedException {
                // A checkpoint should follow the posts of the alerts it covers: after a failure
                // the restored state has them raised, and they would never be posted. A hanging
                // webhook delays the checkpoint by this much at most.
                pager.awaitInFlight(FLUSH_WAIT);
            }

            @Override
            public void close() {
                pager.close();
            }
        };
    }

    @Override
    public String toString() {
        return "WebhookSink[url=****]";
    }
}
