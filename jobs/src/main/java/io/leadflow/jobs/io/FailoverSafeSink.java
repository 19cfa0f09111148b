package io.leadflow.jobs.io;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/**
 * An at-least-once sink whose writer never fails while being closed. The JDBC writer flushes its
 * pending batch in {@code close()} and throws when the database is down; Flink closes writers while
 * handling a task failure, and an exception there is fatal to the whole TaskManager, so a
 * ClickHouse outage would take the worker down instead of letting the job restart. Swallowing it
 * loses nothing: every row acknowledged by a checkpoint was flushed at that checkpoint ({@link
 * SinkWriter#flush}), and rows after it are replayed from Kafka when the job restarts. A failure in
 * the final flush of a bounded run still fails the job, because that happens in {@code
 * flush(true)}, before close.
 */
public final class FailoverSafeSink<T> implements Sink<T> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(FailoverSafeSink.class);

    private final Sink<T> delegate;

    public FailoverSafeSink(Sink<T> delegate) {
        this.delegate = delegate;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        SinkWriter<T> writer = delegate.createWriter(context);
        return new SinkWriter<>() {
            @Override
            public void write(T element, Context ctx) throws IOException, InterruptedException {
                writer.write(element, ctx);
            }

            @Override
            public void writeWatermark(Watermark watermark)
                    throws IOException, InterruptedException {
                writer.writeWatermark(watermark);
            }

            @Override
            public void flush(boolean endOfInput) throws IOException, InterruptedException {
                writer.flush(endOfInput);
            }

            @Override
            public void close() {
                try {
                    writer.close();
                } catch (Exception e) {
                    LOG.warn(
                            "sink closed with unwritten rows; they are replayed from the last"
                                    + " checkpoint: {}",
                            rootMessage(e));
                }
            }
        };
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.toString();
    }
}
