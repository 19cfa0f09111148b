package io.leadflow.jobs.io;

import io.leadflow.jobs.sla.SlaAlert;
import io.leadflow.jobs.sla.SlackMessage;
import io.leadflow.jobs.sla.Webhook;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

import java.net.URI;
import java.time.Duration;

/**
 * Posts live SLA alerts to a Slack-compatible webhook ({@link SlackMessage}). Posting is
 * asynchronous with retries and a timeout ({@link Webhook}), so a slow or failing webhook never
 * holds up the job; alerts found while replaying history are not posted.
 */
public final class WebhookSink implements Sink<SlaAlert> {

    private static final long serialVersionUID = 1L;
    private static final int MAX_IN_FLIGHT = 1_000;

    private final String url;
    private final Duration timeout;
    private final int retries;

    public WebhookSink(String url, Duration timeout, int retries) {
        this.url = url;
        this.timeout = timeout;
        this.retries = retries;
    }

    @Override
    public SinkWriter<SlaAlert> createWriter(WriterInitContext context) {
        Webhook webhook = new Webhook(URI.create(url), timeout, retries, MAX_IN_FLIGHT);
        context.metricGroup().gauge("webhookDelivered", webhook::delivered);
        context.metricGroup().gauge("webhookFailed", webhook::failed);
        context.metricGroup().gauge("webhookDropped", webhook::dropped);
        return new SinkWriter<>() {
            @Override
            public void write(SlaAlert alert, Context ctx) {
                if (alert.live()) {
                    webhook.post(SlackMessage.of(alert));
                }
            }

            @Override
            public void flush(boolean endOfInput) {
                // Best effort by design: nothing to wait for.
            }

            @Override
            public void close() {}
        };
    }
}
