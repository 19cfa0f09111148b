package io.leadflow.jobs.io;

import io.leadflow.jobs.rows.EventClockRow;
import io.leadflow.jobs.time.FlushClock;
import io.leadflow.schema.event.LeadEvent;

import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

import java.io.IOException;

/**
 * Writes the job's event-time clock: the latest event time of the lead events it routes to the
 * lifecycle, one {@code event_clock} row per writer, when it moved, at most once per flush interval
 * and at every checkpoint. Late events never move it (they are older than the watermark, which is
 * older than this), so it equals the latest {@code last_event_at} in {@code lead_state}.
 */
public final class EventClockSink implements Sink<LeadEvent> {

    private static final long serialVersionUID = 1L;

    private final ClickHouseSink<EventClockRow> rows;
    private final FlushClock flushes;

    public EventClockSink(ClickHouseSink<EventClockRow> rows, FlushClock flushes) {
        this.rows = rows;
        this.flushes = flushes;
    }

    @Override
    public SinkWriter<LeadEvent> createWriter(WriterInitContext context) throws IOException {
        return new Writer(
                rows.createWriter(context),
                "lead-events/" + context.getTaskInfo().getIndexOfThisSubtask(),
                context.getProcessingTimeService(),
                flushes);
    }

    private static final class Writer implements SinkWriter<LeadEvent> {
        private final SinkWriter<EventClockRow> rows;
        private final String writer;
        private final ProcessingTimeService time;
        private final FlushClock flushes;
        private long clock = Long.MIN_VALUE;
        private long written = Long.MIN_VALUE;

        Writer(
                SinkWriter<EventClockRow> rows,
                String writer,
                ProcessingTimeService time,
                FlushClock flushes) {
            this.rows = rows;
            this.writer = writer;
            this.time = time;
            this.flushes = flushes;
            schedule();
        }

        private void schedule() {
            time.registerTimer(
                    flushes.next(time.getCurrentProcessingTime()),
                    now -> {
                        hand();
                        schedule();
                    });
        }

        /** Hands the clock to the row writer when it moved; that writer flushes on its own. */
        private void hand() throws IOException, InterruptedException {
            if (clock > written) {
                rows.write(new EventClockRow(writer, clock), null);
                written = clock;
            }
        }

        @Override
        public void write(LeadEvent event, Context context) {
            clock = Math.max(clock, event.occurredAtMillis());
        }

        @Override
        public void flush(boolean endOfInput) throws IOException, InterruptedException {
            hand();
            rows.flush(endOfInput);
        }

        @Override
        public void close() throws Exception {
            rows.close();
        }
    }
}
