package io.leadflow.jobs.testing;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/** A sink that collects into a JVM-wide queue so a MiniCluster test can read what was written. */
public final class CollectingSink<T> implements Sink<T> {

    private static final long serialVersionUID = 1L;
    private static final Map<String, ConcurrentLinkedQueue<Object>> RESULTS =
            new ConcurrentHashMap<>();

    private final String id = UUID.randomUUID().toString();

    public CollectingSink() {
        RESULTS.put(id, new ConcurrentLinkedQueue<>());
    }

    @SuppressWarnings("unchecked")
    public List<T> values() {
        List<T> out = new ArrayList<>();
        RESULTS.get(id).forEach(v -> out.add((T) v));
        return out;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        ConcurrentLinkedQueue<Object> queue = RESULTS.get(id);
        return new SinkWriter<>() {
            @Override
            public void write(T element, Context context) {
                queue.add(element);
            }

            @Override
            public void flush(boolean endOfInput) {}

            @Override
            public void close() {}
        };
    }
}
